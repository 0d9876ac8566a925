import { setTimeout as sleep } from 'node:timers/promises';
import { IMDS_ADDRESS, imdsToken, overFamily, type HttpTarget } from '../probes/http-target.ts';
import type { Outcome } from '../probes/outcome.ts';
import type { IpFamily } from '../scenario/targets.ts';
import { settleByControl } from './control.ts';
import type { PlanContext, PlannedProbe, TargetProbe } from './target.ts';

/**
 * What the three IMDS targets share: the request over one family, controlled from the instance;
 * over IPv6 with EC2's HttpProtocolIpv6 disabled nothing is meant to answer at fd00:ec2::254, from
 * the instance either, so there is no control to take and a `blocked` rests on the setting, which
 * the evidence says.
 */
export function imdsPlan(ctx: PlanContext, name: string, family: IpFamily, probe: (from: PlanContext['from']) => Promise<TargetProbe>): PlannedProbe {
  const noControl = family === 'ipv6' && !ctx.imdsIpv6Endpoint;
  return {
    key: `${name}@${family}`,
    family,
    probe: () => probe(ctx.from),
    ...(noControl ? {} : { control: () => probe({ kind: 'instance' }) }),
    settle: noControl ? (cell) => disabledEndpoint(cell.outcome) : settleByControl(name),
  };
}

function disabledEndpoint(o: Outcome): Outcome {
  return o.state === 'blocked' ? { ...o, evidence: { ...o.evidence, summary: `${o.evidence.summary}; the IPv6 endpoint is disabled (HttpProtocolIpv6=disabled)` } } : o;
}

/**
 * How long the token may take before the tokenless read starts beside it. Answers here take
 * about 0.1 s (probes/prober.ts), so a token that is coming comes well inside this; one that is
 * not (a drop, or the hop limit eating the PUT's answer) no longer costs a deadline of its own
 * before the read's: the read runs inside the same one (issue 11 item 4).
 */
export const TOKEN_GRACE_MS = 500;

/**
 * `imds-credentials`: a token first when one can be had, then the read with it, as the AWS SDKs
 * do; without a token, the read without one (IMDSv1, which `tokens: required` answers 401).
 */
export async function imdsCredentialsRead(ctx: PlanContext, from: PlanContext['from'], role: string, family: IpFamily): Promise<TargetProbe> {
  const { prober } = ctx.instance;
  const read = (headers: Record<string, string>) => {
    const target: HttpTarget = { name: 'imds-credentials', host: IMDS_ADDRESS, port: 80, method: 'GET', path: `/latest/meta-data/iam/security-credentials/${role}`, headers };
    return prober.request(from, overFamily(target, family));
  };
  const withToken = (token: Awaited<ReturnType<typeof prober.request>>) => read(token.outcome.state === 'allowed' && token.body ? { 'X-aws-ec2-metadata-token': token.body.trim() } : {});
  const token = prober.request(from, overFamily(imdsToken, family));
  const early = await Promise.race([token, sleep(TOKEN_GRACE_MS).then(() => undefined)]);
  if (early) return { outcome: (await withToken(early)).outcome };
  const tokenless = read({});
  // A tokenless read that got the credentials settles the cell: the answer is the proof, and a
  // token arriving later could only lead to the same credentials (IMDSv1 and v2 serve the same
  // paths; the SDK itself falls back to v1 on a token timeout: @smithy/credential-provider-imds,
  // fromInstanceMetadata, `error.message === "TimeoutError"` sets disableFetchToken). Waiting for it cost every
  // bridge task at hop limit 1 a deadline (the PUT's answer dies at docker0) even when IMDSv1
  // answered at once. A tokenless read refused (401, tokens required) or unanswered waits for the
  // token, which may still come, as before.
  const first = await Promise.race([tokenless.then((r) => ({ from: 'tokenless' as const, r })), token.then((r) => ({ from: 'token' as const, r }))]);
  if (first.from === 'tokenless' && first.r.outcome.state === 'allowed') return { outcome: first.r.outcome };
  const late = await token;
  return { outcome: (late.outcome.state === 'allowed' && late.body ? await withToken(late) : await tokenless).outcome };
}
