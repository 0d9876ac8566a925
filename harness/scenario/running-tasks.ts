import type { Scenario } from './model.ts';

/** Where a task's life stands after some steps: running, or why not (steps 0-based). */
export type TaskAt =
  | { state: 'running' }
  /** A stop-task step stopped it, and no run-task before the point started it again. */
  | { state: 'stopped'; stoppedBy: number }
  /** Not started yet: a later run-task step starts it, or none does (`x-ecs-sim.start: false`). */
  | { state: 'not-started'; startedBy?: number };

/**
 * The tasks of a loaded scenario after its first `count` steps: the declared tasks that start
 * (`x-ecs-sim.start`), then each run-task (under its `as` name) and stop-task in order. A reboot
 * or a docker restart replaces the running tasks under the same names (EcsInstance.replaceTasks),
 * so it changes nothing here. It is the walk the loader checks steps against (check/steps.ts),
 * on the loaded model.
 */
export function tasksAfter(scenario: Scenario, count: number): Map<string, TaskAt> {
  const at = new Map<string, TaskAt>(Object.entries(scenario.tasks).map(([name, t]) => [name, t.sim.start ? { state: 'running' } : { state: 'not-started' }]));
  scenario.steps.forEach((step, i) => {
    if (i < count) {
      if (step.kind === 'run-task') at.set(step.as, { state: 'running' });
      else if (step.kind === 'stop-task') at.set(step.task, { state: 'stopped', stoppedBy: i });
      return;
    }
    const now = at.get(step.kind === 'run-task' ? step.as : '');
    if (step.kind === 'run-task' && (now === undefined || (now.state === 'not-started' && now.startedBy === undefined))) at.set(step.as, { state: 'not-started', startedBy: i });
  });
  return at;
}
