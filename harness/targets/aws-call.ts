import type { IpFamily } from '../scenario/targets.ts';
import { awsEndpoints, runClient } from './aws-client.ts';
import { settleByControl } from './control.ts';
import type { PlanContext, PlannedProbe } from './target.ts';

/**
 * The IAM calls (AssumeRole, GetObject, ECS Exec's channels) by a real SDK client
 * (harness/clients/aws-call.ts). The control is the same call from the instance, whose own role
 * is usually refused: a `denied` with the run's nonce shows the mock was reached, so it counts.
 */
export function awsCallPlan(ctx: PlanContext, id: string, env: string[], family: IpFamily): PlannedProbe {
  const all = [...awsEndpoints(ctx.instance), ...env];
  const ask = (from: PlanContext['from']) => runClient(ctx.instance, from, 'aws-call.mjs', all);
  return { key: id, family, probe: () => ask(ctx.from), control: () => ask({ kind: 'instance' }), settle: settleByControl(id, ['allowed', 'denied']) };
}
