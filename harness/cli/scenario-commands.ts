import { defineCommand } from 'citty';
import { writeFile } from 'node:fs/promises';
import { bufferedConsoleReporter, consoleReporter } from '../report/console.ts';
import { jsonReport } from '../report/json.ts';
import { junitReport } from '../report/junit.ts';
import { checkImages } from '../runner/image-check.ts';
import { runAll } from '../runner/run-all.ts';
import type { ScenarioResult } from '../runner/results.ts';
import { SimRun } from '../run/sim-run.ts';
import { formatIssues, loadScenarios, type Issue, type Scenario } from '../scenario/index.ts';
import { EXIT } from './exit-codes.ts';
import { DOCKER_ENGINES } from '../engine/images/engines.ts';
import { DEFAULT_SCENARIOS, enginesOf, parseDockerFlag, planEngineRuns } from './engine-matrix.ts';

export { DEFAULT_SCENARIOS };

/** Loads and checks everything before anything runs; prints every problem at once. */
async function loadOrExplain(paths: string[]): Promise<{ scenarios: Scenario[]; notes: Issue[] } | undefined> {
  const loaded = await loadScenarios(paths.length ? paths : [DEFAULT_SCENARIOS]);
  if (loaded.notes.length) console.error(formatIssues(loaded.notes));
  if (!loaded.ok) {
    console.error(formatIssues(loaded.errors));
    console.error(`\n${loaded.errors.length} error(s); nothing was run.`);
    return undefined;
  }
  return { scenarios: loaded.scenarios, notes: loaded.notes };
}

export const runCommand = defineCommand({
  meta: { name: 'run', description: `Run scenario files or folders (default ${DEFAULT_SCENARIOS}) and check their expectations` },
  args: {
    json: { type: 'string', description: 'also write the results as JSON to this file' },
    junit: { type: 'string', description: 'also write the results as JUnit XML to this file' },
    keep: { type: 'boolean', description: 'leave the instances running afterwards, to poke at them (removed by `ecs-sim gc` or the next run)', default: false },
    concurrency: { type: 'string', description: 'how many scenarios run at once, each on its own instance (default 1)', default: '1' },
    docker: { type: 'string', description: `run every scenario on each of these Docker engines (${DOCKER_ENGINES.join(',')}, or all); default: what each scenario names, else the default engine` },
  },
  async run({ args }) {
    const loaded = await loadOrExplain(args._);
    if (!loaded) return void (process.exitCode = EXIT.input);
    const plan = planEngineRuns(loaded.scenarios, parseDockerFlag(args.docker));
    for (const n of plan.notRun) console.error(`${n.scenario.source}: not run: ${n.reason}`);
    loaded.scenarios = plan.runs.map((r) => r.scenario);
    const concurrency = Number(args.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      console.error(`ecs-sim run: --concurrency must be a whole number of 1 or more, not "${args.concurrency}"`);
      return void (process.exitCode = EXIT.input);
    }
    const reporter = consoleReporter();
    let results: ScenarioResult[] = [];
    const run = await SimRun.start({ log: (l) => console.error(l), engines: enginesOf(plan.runs) });
    const missing = await checkImages(run.docker, loaded.scenarios);
    if (missing.length) {
      await run.close();
      console.error(`${formatIssues(missing)}\n\n${missing.length} error(s); nothing was run.`);
      return void (process.exitCode = EXIT.input);
    }
    try {
      results = await runAll(run, loaded.scenarios, {
        concurrency,
        // Overlapping scenarios would interleave their lines: each is printed whole when it ends.
        reporterFor: () => (concurrency === 1 ? reporter : bufferedConsoleReporter(process.stdout)),
        optionsFor: (scenario) => ({ notes: loaded.notes.filter((n) => n.file === scenario.source).map((n) => `${n.path}: ${n.message}`), keep: args.keep }),
      });
    } finally {
      if (args.keep) run.abandon();
      else await run.close();
    }
    reporter.onRunEnd?.(results);
    if (args.json) await writeFile(args.json, jsonReport(results));
    if (args.junit) await writeFile(args.junit, junitReport(results));
    process.exitCode = results.some((r) => r.state === 'error') ? EXIT.environment : results.some((r) => r.state === 'failed') ? EXIT.failed : EXIT.ok;
  },
});

export const validateCommand = defineCommand({
  meta: { name: 'validate', description: 'Check scenario files without running anything (exit 0 valid, 2 invalid)' },
  async run({ args }) {
    if (args._.length === 0) {
      console.error('ecs-sim validate: name at least one scenario file or folder');
      return void (process.exitCode = EXIT.input);
    }
    const loaded = await loadOrExplain(args._);
    if (!loaded) return void (process.exitCode = EXIT.input);
    console.log(`${loaded.scenarios.length} scenario(s) valid: ${loaded.scenarios.map((s) => s.name).join(', ')}`);
  },
});

export const listCommand = defineCommand({
  meta: { name: 'list', description: `List the scenarios in files or folders (default ${DEFAULT_SCENARIOS})` },
  async run({ args }) {
    const loaded = await loadOrExplain(args._);
    if (!loaded) return void (process.exitCode = EXIT.input);
    for (const s of loaded.scenarios) {
      const cells = s.steps.reduce((n, st) => n + (st.kind === 'expect' ? st.expectations.length : 0), 0);
      console.log(`${s.name}  (${s.source}; ${Object.keys(s.tasks).length} task(s), ${s.steps.length} step(s), ${cells} expectation(s))`);
      if (s.description) console.log(`    ${s.description.trim().split('\n')[0]}`);
    }
  },
});
