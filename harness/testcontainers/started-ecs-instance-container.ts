import type { ExecOptions, ExecResult } from '../engine/exec.ts';
import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { Prober } from '../probes/prober.ts';
import { paintFor } from '../report/paint.ts';
import { summaryLine } from '../report/summary.ts';
import { truthTableLines } from '../report/truth-table-lines.ts';
import type { SimRun } from '../run/sim-run.ts';
import { tally, type CellResult, type Tally } from '../runner/results.ts';
import { runExpect } from '../runner/steps/expect.ts';
import type { Scenario } from '../scenario/model.ts';
import type { ExpectRowInput, StepInput } from '../scenario/schema/steps.ts';
import type { RunningTask } from '../tasks/task.ts';
import type { TaskSet } from '../tasks/task-set.ts';

/** What one `expect()` found: the same cells a scenario's expect step yields. */
export interface ExpectResult {
  /** One per row and target, judged as a scenario's are (harness/assert/judge.ts). */
  cells: CellResult[];
  tally: Tally;
  /** Every cell correct: no wrong and no error cell. */
  ok: boolean;
  /** The truth tables and every mismatch with its evidence, as the console reporter prints them (no colour). */
  text: string;
}

/**
 * A started EcsInstanceContainer (testcontainers' `StartedTestContainer` counterpart): its tasks,
 * its prober, `exec` on the instance, and `expect`, which probes and judges a truth table as a
 * scenario's expect step does (harness/runner/steps/expect.ts). `stop()` — or leaving an
 * `await using` block — removes the instance and, when the builder made the run, closes it.
 */
export class StartedEcsInstanceContainer implements AsyncDisposable {
  private stopped = false;

  constructor(
    private readonly validate: (steps: StepInput[]) => Scenario,
    /** The scenario the builder amounts to (with a no-op step). */
    readonly scenario: Scenario,
    /** The run that owns the instance's labels and teardown. */
    readonly run: SimRun,
    /** The simulated instance itself, for what the builder does not wrap (reboot, restartDocker, ...). */
    readonly instance: EcsInstance,
    private readonly ownRun: boolean,
  ) {}

  /** The instance's tasks (start more with `tasks.start`, stop with `tasks.stop`). */
  get tasks(): TaskSet {
    return this.instance.tasks;
  }

  /** One running task by its name in `withTask`. */
  task(name: string): RunningTask {
    return this.instance.tasks.get(name);
  }

  /** HTTP probes from a task or the instance. */
  get prober(): Prober {
    return this.instance.prober;
  }

  /** Runs a command on the instance (its root namespace), as a scenario's `instance:` step does. */
  exec(cmd: string[], opts?: ExecOptions): Promise<ExecResult> {
    return this.instance.exec(cmd, opts);
  }

  /**
   * Probes every cell of the rows and judges them, with one positive control per target (a
   * `blocked` that the control cannot confirm is an `error`). Rows are a scenario file's expect
   * rows, validated the same way: an unknown task or target throws an input error naming `expect()`.
   * Wrong cells do not throw: read `ok`, `cells` and `text`.
   */
  async expect(rows: ExpectRowInput | ExpectRowInput[]): Promise<ExpectResult> {
    const scenario = this.validate([{ expect: rows }]);
    const step = scenario.steps[0]!;
    if (step.kind !== 'expect') throw new Error('unreachable: the step validated is an expect step');
    const cells = await runExpect({ scenario, instance: this.instance, instanceRole: scenario.instance.kind === 'ec2' ? scenario.instance.imds.instanceRole : '' }, step.expectations);
    const t = tally([{ state: 'checked', kind: 'expect', index: 0, durationMs: 0, cells }], scenario.steps);
    const text = [...truthTableLines(cells, paintFor({ isTTY: false }, {}), ''), summaryLine(t)].join('\n');
    return { cells, tally: t, ok: t.wrong === 0 && t.error === 0, text };
  }

  /** Removes the instance, its mocks, link network and disk; closes the run if the builder made it. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.ownRun) await this.run.close();
    else await this.instance.destroy();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
