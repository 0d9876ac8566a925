import type { Outcome } from '../probes/outcome.ts';
import type { IpFamily } from '../scenario/targets.ts';

/**
 * A dual-stack cell: the same IMDS request over IPv4 and IPv6, shown as the worse of the two for
 * isolation (an IPv4-only rule leaves IPv6 open: docker/for-linux#1248), with what each family
 * gave in the evidence. `error` is worst (nothing can be concluded), then `allowed` (the target
 * answered), `denied` (it answered 4xx), `blocked`.
 */
const RANK: Record<Outcome['state'], number> = { blocked: 0, denied: 1, allowed: 2, error: 3 };

export function combineFamilies(byFamily: { family: IpFamily; host: string; outcome: Outcome }[]): Outcome {
  if (byFamily.length === 1) return byFamily[0]!.outcome;
  const worst = byFamily.reduce((a, b) => (RANK[b.outcome.state] > RANK[a.outcome.state] ? b : a));
  const summary = byFamily
    .map(({ family, host, outcome }) => `${outcome.state} over ${family === 'ipv4' ? 'IPv4' : 'IPv6'}${family === 'ipv6' ? ` at [${host}]` : ''} (${outcome.evidence.summary})`)
    .join('; ');
  return { state: worst.outcome.state, evidence: { ...worst.outcome.evidence, summary } };
}
