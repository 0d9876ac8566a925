import { applyControl } from '../../assert/controls.ts';
import { judge } from '../../assert/judge.ts';
import type { ProbeSource } from '../../probes/prober.ts';
import type { Expectation } from '../../scenario/model.ts';
import type { Target } from '../../scenario/targets.ts';
import { probeTarget, type TargetProbe } from '../probe-target.ts';
import type { CellResult } from '../results.ts';
import type { ScenarioContext } from '../context.ts';

/**
 * One expect step: every cell and one positive control per target, probed concurrently (so a
 * step with blocked cells costs about one deadline), then judged. The control is the same
 * target probed from the instance itself, which must be `allowed`; otherwise the target's
 * `blocked` cells become `error` (DESIGN.md principle 7).
 */
export async function runExpect(ctx: ScenarioContext, expectations: Expectation[]): Promise<CellResult[]> {
  const targets = new Map<string, Target>();
  for (const e of expectations) targets.set(e.target.id, e.target);
  const controlOf = new Map<string, Promise<TargetProbe>>();
  for (const [id, target] of targets) controlOf.set(id, probeTarget(ctx.instance, { kind: 'instance' }, target, ctx.instanceRole));

  const cells = expectations.map(async (e): Promise<CellResult> => {
    const source: ProbeSource = e.from.kind === 'instance' ? { kind: 'instance' } : { kind: 'task', task: ctx.instance.tasks.get(e.from.task) };
    const found = await probeTarget(ctx.instance, source, e.target, ctx.instanceRole);
    const control = await controlOf.get(e.target.id)!;
    const outcome = applyControl(found.outcome, control.outcome, e.target.id);
    return {
      from: e.from.kind === 'instance' ? 'instance' : e.from.task,
      origin: source.kind === 'instance' ? 'instance' : source.task.networkMode,
      target: e.target.id,
      judgement: judge(e.verdict, outcome, { ...(found.leaked !== undefined ? { leaked: found.leaked } : {}), ...(found.identity ? { identity: found.identity } : {}) }),
    };
  });
  return Promise.all(cells);
}
