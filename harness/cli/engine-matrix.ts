import { DEFAULT_ENGINE, DOCKER_ENGINES, isDockerEngine, type DockerEngine } from '../engine/images/engines.ts';
import { EcsSimError } from '../errors.ts';
import { formatIssues, loadScenarios, type Scenario } from '../scenario/index.ts';

/** What `run`, `list` and `images build` read when no path is named. */
export const DEFAULT_SCENARIOS = 'scenarios/conformance';

/**
 * `ecs-sim run --docker 20.10,26.1` (or `all`): the engines a matrix run asks for. Absent: no
 * matrix, each scenario runs on the engines it names, or on the default.
 */
export function parseDockerFlag(value: string | undefined): DockerEngine[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.trim() === 'all') return [...DOCKER_ENGINES];
  const asked = value.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = asked.filter((v) => !isDockerEngine(v));
  if (bad.length || asked.length === 0) {
    throw new EcsSimError('BAD_ARGUMENT', `--docker: ${bad.length ? `unknown engine(s) ${bad.map((b) => `"${b}"`).join(', ')}` : 'no engine named'}`, {
      kind: 'input',
      fix: `name engines from ${DOCKER_ENGINES.join(', ')} separated by commas, or "all"`,
    });
  }
  return [...new Set(asked as DockerEngine[])];
}

/** One scenario on one engine. */
export interface PlannedRun {
  scenario: Scenario;
  engine: DockerEngine;
}

/**
 * Which scenario runs on which engine: a scenario that names engines (`instance.docker`) runs on
 * those only (of the matrix's, when there is one); any other on every engine asked for, or the
 * default. A scenario left with none is listed in `notRun`, with the reason.
 */
export function planEngineRuns(scenarios: Scenario[], matrix: DockerEngine[] | undefined): { runs: PlannedRun[]; notRun: Array<{ scenario: Scenario; reason: string }> } {
  const runs: PlannedRun[] = [];
  const notRun: Array<{ scenario: Scenario; reason: string }> = [];
  for (const scenario of scenarios) {
    const pinned = scenario.instance.docker;
    const engines = pinned ? (matrix ? pinned.filter((e) => matrix.includes(e)) : pinned) : (matrix ?? [DEFAULT_ENGINE]);
    if (engines.length === 0) {
      notRun.push({ scenario, reason: `it concerns Docker ${pinned!.join(', ')} only (instance.docker), and this run asked for ${matrix!.join(', ')}` });
      continue;
    }
    // The scenario as it runs: pinned to the one engine, so the instance and the result name it.
    for (const engine of engines) runs.push({ scenario: { ...scenario, instance: { ...scenario.instance, docker: [engine] } }, engine });
  }
  return { runs, notRun };
}

/** The engines a set of scenarios needs, in the table's order (what `images build` builds). */
export const enginesOf = (runs: PlannedRun[]): DockerEngine[] => DOCKER_ENGINES.filter((e) => runs.some((r) => r.engine === e));

/**
 * The engines `ecs-sim images build` builds: every one with `--all`; else those the scenarios
 * in `paths` (default the conformance suite) would run on, with `--docker` as `run` takes it.
 */
export async function enginesToBuild(paths: string[], docker: string | undefined, all: boolean): Promise<DockerEngine[]> {
  if (all) return [...DOCKER_ENGINES];
  const loaded = await loadScenarios(paths.length ? paths : [DEFAULT_SCENARIOS]);
  if (!loaded.ok) {
    throw new EcsSimError('BAD_SCENARIO', `the scenarios say which engines to build, and they do not load:\n${formatIssues(loaded.errors)}`, {
      kind: 'input',
      fix: 'fix the scenarios, name other ones, or build every engine with --all',
    });
  }
  return enginesOf(planEngineRuns(loaded.scenarios, parseDockerFlag(docker)).runs);
}
