import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { Scenario, Step } from '../scenario/model.ts';
import type { ScenarioResult, StepResult } from './results.ts';

/**
 * What a reporter may hear about. Every hook is optional (vitest's reporter practice); stdout
 * belongs to reporters, so the runner itself prints nothing.
 */
export interface RunnerReporter {
  /** Before the instance of a scenario boots. */
  onScenarioStart?(scenario: Scenario): void;
  /** A line of progress while setting up (booting, starting tasks). */
  onProgress?(scenario: Scenario, line: string): void;
  /** Before a step runs. */
  onStepStart?(scenario: Scenario, step: Step): void;
  /** After a step ran (or was skipped). */
  onStepEnd?(scenario: Scenario, step: Step, result: StepResult): void;
  /** Instead of the teardown, when the run keeps instances (`--keep`). */
  onInstanceKept?(scenario: Scenario, instance: EcsInstance): void;
  /** After the scenario's instance was torn down (or kept). */
  onScenarioEnd?(result: ScenarioResult): void;
  /** After every scenario. */
  onRunEnd?(results: ScenarioResult[]): void;
}
