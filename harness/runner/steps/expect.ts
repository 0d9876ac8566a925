import { judge } from '../../assert/judge.ts';
import type { ProbeSource } from '../../probes/prober.ts';
import type { Expectation } from '../../scenario/model.ts';
import { combineFamilies } from '../../assert/families.ts';
import { IMDS_ADDRESS, IMDS_IPV6_HOST } from '../../probes/http-target.ts';
import { targetModule, type PlannedProbe, type StepMemo, type TargetProbe } from '../../targets/index.ts';
import { familiesOf } from '../families.ts';
import { cellOf, type CellResult } from '../results.ts';
import type { ScenarioContext } from '../context.ts';

/**
 * One expect step: every cell and one positive control per concrete target, probed concurrently
 * (so a step with blocked cells costs about one deadline), then judged. What a cell probes, what
 * its control is and how the control applies are its target module's (harness/targets/); the
 * control is made from where the target must be reachable (DESIGN.md principle 7).
 */
export async function runExpect(ctx: ScenarioContext, expectations: Expectation[]): Promise<CellResult[]> {
  const { instance } = ctx;
  const step: StepMemo = new Map();
  const imdsIpv6Endpoint = ctx.scenario.instance.kind === 'ec2' && ctx.scenario.instance.imds.ipv6Endpoint === 'enabled';
  const rows = await Promise.all(
    expectations.map(async (e) => {
      const from: ProbeSource = e.from.kind === 'instance' ? { kind: 'instance' } : { kind: 'task', task: instance.tasks.get(e.from.task) };
      const module = targetModule(e.target);
      // IMDS targets on a dual-stack instance are probed over both families (familiesOf).
      const plans = await Promise.all(familiesOf(instance, e.target).map((f) => module.plan({ instance, from, instanceRole: ctx.instanceRole, imdsIpv6Endpoint, step }, e.target, f)));
      return { e, from, plans };
    }),
  );
  // One control per concrete target, shared by every cell that asks for the same thing.
  const controls = new Map<string, Promise<TargetProbe>>();
  for (const plan of rows.flatMap((r) => r.plans)) if (plan.control && !controls.has(plan.key)) controls.set(plan.key, plan.control());
  const settle = async (plan: PlannedProbe) => {
    const probe = await plan.probe();
    const control = controls.get(plan.key);
    return { probe, outcome: plan.settle(probe, control ? await control : undefined), family: plan.family };
  };
  const cells = rows.map(async ({ e, from, plans }): Promise<CellResult> => {
    const found = await Promise.all(plans.map(settle));
    const outcome = combineFamilies(found.map((f) => ({ family: f.family, host: f.family === 'ipv6' ? IMDS_IPV6_HOST : IMDS_ADDRESS, outcome: f.outcome })));
    const first = found[0]!.probe;
    return {
      ...cellOf(e),
      origin: from.kind === 'instance' ? 'instance' : from.task.networkMode,
      judgement: judge(e.verdict, outcome, { ...(first.leaked !== undefined ? { leaked: first.leaked } : {}), ...(first.identity ? { identity: first.identity } : {}) }),
    };
  });
  return Promise.all(cells);
}
