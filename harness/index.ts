/** The public API of ecs-sim, exported by name. Anything not here is internal. */
export { SimRun, type SimRunOptions } from './run/sim-run.ts';
export { gc, type GcOptions, type GcReport } from './run/gc.ts';
export { EcsInstance, SIM_ACCOUNT, SIM_REGION } from './instance/ecs-instance.ts';
export type { InstanceConfig } from './instance/config.ts';
export type { TaskSpec, ContainerSpec, RunningTask, NetworkMode } from './tasks/task.ts';
export { Prober, DEFAULT_DEADLINE_MS, type ProbeSource } from './probes/prober.ts';
export { imdsMetadata, imdsToken, IMDS_ADDRESS, type HttpTarget } from './probes/http-target.ts';
export { OUTCOME_STATES, type Outcome, type OutcomeState, type Evidence } from './probes/outcome.ts';
export { runScenario } from './runner/run-scenario.ts';
export type { RunnerReporter } from './runner/reporter.ts';
export type { ScenarioResult, StepResult, CellResult, Tally } from './runner/results.ts';
export { consoleReporter, summaryLine } from './report/console.ts';
export { jsonReport } from './report/json.ts';
export { junitReport } from './report/junit.ts';
export { ensureImages, type BuildResult } from './engine/images/build.ts';
export { EcsSimError, TimeoutError } from './errors.ts';
export * from './scenario/index.ts';
