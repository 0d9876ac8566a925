import { EcsSimError } from '../errors.ts';
import type { Scenario } from '../scenario/model.ts';
import { tasksAfter } from '../scenario/running-tasks.ts';
import { didYouMean, listOf } from '../scenario/suggest.ts';

/** What `ecs-sim shell` was asked for, checked against the scenario before anything boots. */
export interface ShellRequest {
  /** How many steps run before the shell opens: steps 1..N as reports number them; 0 runs none. */
  steps: number;
  /** The running task whose container the shell enters; absent: the instance itself. */
  task?: string;
}

const usage = (message: string, fix: string) => new EcsSimError('BAD_ARGUMENT', message, { kind: 'input', fix });

/**
 * `--step N` and `--task NAME` against the loaded scenario. Steps are numbered from 1, as the
 * console report prints them (`step 2: expect`); `--step 0` boots and starts the tasks and runs no
 * step; without `--step` every step runs. The task must be running after step N.
 */
export function shellRequest(scenario: Scenario, flags: { step?: string; task?: string }): ShellRequest {
  const total = scenario.steps.length;
  const range = total === 0 ? 'this scenario has no steps: --step 0 (or no --step)' : `a step number from 1 to ${total} (step N runs steps 1 to N; 0 runs none; no --step runs all ${total})`;
  let steps = total;
  if (flags.step !== undefined) {
    const text = flags.step.trim();
    steps = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(steps)) throw usage(`--step must be a whole number of steps, not "${flags.step}"`, `give ${range}`);
    if (steps > total) throw usage(`--step ${steps} is past the end of scenario "${scenario.name}" (${scenario.source}), which has ${total} step(s)`, `give ${range}`);
  }
  if (flags.task === undefined) return { steps };
  const at = tasksAfter(scenario, steps);
  const task = at.get(flags.task);
  const after = steps === 0 ? 'when the shell opens (before step 1)' : `after step ${steps}`;
  const running = [...at].filter(([, a]) => a.state === 'running').map(([n]) => n);
  const runningHint = running.length ? `tasks running ${after}: ${listOf(running)}` : `no task is running ${after}`;
  if (!task) throw usage(`scenario "${scenario.name}" has no task "${flags.task}"${didYouMean(flags.task, at.keys())}`, `name one of its tasks (${runningHint})`);
  if (task.state === 'stopped') throw usage(`task "${flags.task}" is not running ${after}: step ${task.stoppedBy + 1} (stop-task) stopped it`, `give a --step before ${task.stoppedBy + 1}, or another task (${runningHint})`);
  if (task.state === 'not-started') {
    throw usage(
      `task "${flags.task}" is not running ${after}: ${task.startedBy !== undefined ? `step ${task.startedBy + 1} (run-task) starts it` : 'it is declared with x-ecs-sim.start: false and no step starts it'}`,
      task.startedBy !== undefined ? `give --step ${task.startedBy + 1} or later` : `open the shell on another task (${runningHint})`,
    );
  }
  return { steps, task: flags.task };
}
