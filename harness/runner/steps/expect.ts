import { applyControl } from '../../assert/controls.ts';
import { judge } from '../../assert/judge.ts';
import type { ProbeSource } from '../../probes/prober.ts';
import type { Expectation } from '../../scenario/model.ts';
import { probeTarget, resolveTarget, type TargetProbe } from '../probe-target.ts';
import type { CellResult } from '../results.ts';
import type { ScenarioContext } from '../context.ts';

/**
 * One expect step: every cell and one positive control per concrete target, probed concurrently
 * (so a step with blocked cells costs about one deadline), then judged. The control is the same
 * request made from the instance itself (IMDS from the host; a task's credentials through the
 * agent's OUTPUT REDIRECT), which must be `allowed`; otherwise the target's `blocked` cells
 * become `error` (DESIGN.md principle 7).
 */
export async function runExpect(ctx: ScenarioContext, expectations: Expectation[]): Promise<CellResult[]> {
  const { instance } = ctx;
  const rows = await Promise.all(
    expectations.map(async (e) => {
      const source: ProbeSource = e.from.kind === 'instance' ? { kind: 'instance' } : { kind: 'task', task: instance.tasks.get(e.from.task) };
      return { e, source, probeable: await resolveTarget(instance, source, e.target, ctx.instanceRole) };
    }),
  );
  // One control per concrete target, probed from the instance, where it must be reachable.
  const controls = new Map<string, Promise<TargetProbe>>();
  for (const { probeable } of rows) {
    if (controls.has(probeable.key)) continue;
    // The instance addresses the agent on loopback, whatever the row's own address was.
    const fromInstance = probeable.kind === 'introspection' ? { ...probeable, host: '127.0.0.1' } : probeable;
    controls.set(probeable.key, probeTarget(instance, { kind: 'instance' }, fromInstance));
  }
  const cells = rows.map(async ({ e, source, probeable }): Promise<CellResult> => {
    const found = await probeTarget(instance, source, probeable);
    const control = await controls.get(probeable.key)!;
    const outcome = applyControl(found.outcome, control.outcome, e.target.id, probeable.kind === 'aws-call' ? ['allowed', 'denied'] : ['allowed']);
    return {
      from: e.from.kind === 'instance' ? 'instance' : e.from.task,
      origin: source.kind === 'instance' ? 'instance' : source.task.networkMode,
      target: e.target.id,
      judgement: judge(e.verdict, outcome, { ...(found.leaked !== undefined ? { leaked: found.leaked } : {}), ...(found.identity ? { identity: found.identity } : {}) }),
    };
  });
  return Promise.all(cells);
}
