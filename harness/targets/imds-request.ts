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

/** `imds-credentials`: a token first when one can be had, then the read with it, as the AWS SDKs do. */
export async function imdsCredentialsRead(ctx: PlanContext, from: PlanContext['from'], role: string, family: IpFamily): Promise<TargetProbe> {
  const { prober } = ctx.instance;
  const token = await prober.request(from, overFamily(imdsToken, family));
  const headers: Record<string, string> = token.outcome.state === 'allowed' && token.body ? { 'X-aws-ec2-metadata-token': token.body.trim() } : {};
  const read: HttpTarget = { name: 'imds-credentials', host: IMDS_ADDRESS, port: 80, method: 'GET', path: `/latest/meta-data/iam/security-credentials/${role}`, headers };
  return { outcome: (await prober.request(from, overFamily(read, family))).outcome };
}
