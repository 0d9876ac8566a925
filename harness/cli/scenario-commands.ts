import { defineCommand } from 'citty';
import { bufferedConsoleReporter, consoleReporter } from '../report/console.ts';
import { checkImages } from '../runner/image-check.ts';
import { runAll } from '../runner/run-all.ts';
import type { ScenarioResult } from '../runner/results.ts';
import { SimRun } from '../run/sim-run.ts';
import { escapeText } from '../report/escape.ts';
import { formatIssues, issueCount, loadScenarios, type Issue, type Scenario } from '../scenario/index.ts';
import { defaultConcurrency } from '../runner/concurrency.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';
import { checkFolderPath, checkReportPaths, writeReports } from './report-files.ts';
import { parseShard, shardScenarios } from './shard.ts';
import { DOCKER_ENGINES } from '../engine/images/engines.ts';
import { DEFAULT_SCENARIOS, enginesOf, parseDockerFlag, planEngineRuns } from './engine-matrix.ts';

export { DEFAULT_SCENARIOS };

/** Loads and checks everything before anything runs; prints every problem at once. */
export async function loadOrExplain(paths: string[]): Promise<{ scenarios: Scenario[]; notes: Issue[] } | undefined> {
  const loaded = await loadScenarios(paths.length ? paths : [DEFAULT_SCENARIOS]);
  if (loaded.notes.length) console.error(formatIssues(loaded.notes));
  if (!loaded.ok) {
    console.error(formatIssues(loaded.errors));
    console.error(`\n${issueCount(loaded.errors)} error(s); nothing was run.`);
    return undefined;
  }
  return { scenarios: loaded.scenarios, notes: loaded.notes };
}

export const runCommand = defineCommand({
  meta: { name: 'run', description: `Run scenario files or folders (default ${DEFAULT_SCENARIOS}) and check their expectations` },
  args: {
    json: { type: 'string', description: 'also write the results as JSON to this file' },
    junit: { type: 'string', description: 'also write the results as JUnit XML to this file' },
    html: { type: 'string', description: 'also write the results as one self-contained HTML file' },
    'debug-dir': { type: 'string', description: 'gather each instance\'s state and logs into this folder before teardown (a scenario that errs always gets one, in .ecs-sim/debug/)' },
    shard: { type: 'string', description: 'run only part i of n of the scenario files (1/3, 2/3, 3/3 on three runners); join with merge-reports' },
    keep: { type: 'boolean', description: 'leave the instances running afterwards, to poke at them (removed by `ecs-sim gc` or the next run)', default: false },
    concurrency: { type: 'string', description: 'how many scenarios run at once, each on its own instance (default auto: one per core, at most one per GiB of free memory, at most 4; 1 streams each scenario as it runs)', default: 'auto' },
    docker: { type: 'string', description: `run every scenario on each of these Docker engines (${DOCKER_ENGINES.join(',')}, or all); default: what each scenario names, else the default engine` },
  },
  async run({ args }) {
    // Usage errors first, before anything loads or boots.
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const reports = { json: args.json, junit: args.junit, html: args.html };
    checkReportPaths(reports);
    if (args['debug-dir'] !== undefined) checkFolderPath('--debug-dir', args['debug-dir']);
    const loaded = await loadOrExplain(args._);
    if (!loaded) return void (process.exitCode = EXIT.input);
    if (shard) {
      const all = loaded.scenarios.length;
      loaded.scenarios = shardScenarios(loaded.scenarios, shard);
      console.error(`shard ${shard.index}/${shard.count}: ${loaded.scenarios.length} of ${all} scenario(s)`);
      // More shards than files: this one has nothing to do, and says so in its (empty) reports.
      if (loaded.scenarios.length === 0) return void (await writeReports([], reports));
    }
    const plan = planEngineRuns(loaded.scenarios, parseDockerFlag(args.docker));
    for (const n of plan.notRun) console.error(`${n.scenario.source}: not run: ${n.reason}`);
    loaded.scenarios = plan.runs.map((r) => r.scenario);
    const auto = args.concurrency === 'auto' ? defaultConcurrency() : undefined;
    const asked = auto ? auto.value : Number(args.concurrency);
    if (!Number.isInteger(asked) || asked < 1) {
      console.error(`ecs-sim run: --concurrency must be a whole number of 1 or more, or auto, not "${args.concurrency}"`);
      return void (process.exitCode = EXIT.input);
    }
    const concurrency = Math.min(asked, Math.max(1, loaded.scenarios.length));
    if (auto && concurrency > 1) console.error(`running ${concurrency} scenarios at once (--concurrency auto: ${auto.why}); each is printed whole when it ends, --concurrency 1 streams them in order`);
    const reporter = consoleReporter();
    let results: ScenarioResult[] = [];
    const run = await SimRun.start({ log: (l) => console.error(l), engines: enginesOf(plan.runs) });
    const missing = await checkImages(run.docker, loaded.scenarios);
    if (missing.length) {
      await run.close();
      console.error(`${formatIssues(missing)}\n\n${issueCount(missing)} error(s); nothing was run.`);
      return void (process.exitCode = EXIT.input);
    }
    try {
      results = await runAll(run, loaded.scenarios, {
        concurrency,
        // Overlapping scenarios would interleave their lines: each is printed whole when it ends.
        reporterFor: () => (concurrency === 1 ? reporter : bufferedConsoleReporter(process.stdout)),
        optionsFor: (scenario) => ({ notes: loaded.notes.filter((n) => n.file === scenario.source).map((n) => `${n.path}: ${n.message}`), keep: args.keep, ...(args['debug-dir'] !== undefined ? { debugDir: args['debug-dir'] } : {}) }),
      });
    } finally {
      if (args.keep) run.abandon();
      else await run.close();
    }
    reporter.onRunEnd?.(results);
    await writeReports(results, reports);
    process.exitCode = exitCodeOf(results);
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
    console.log(`${loaded.scenarios.length} scenario(s) valid: ${loaded.scenarios.map((s) => escapeText(s.name)).join(', ')}`);
  },
});

export const listCommand = defineCommand({
  meta: { name: 'list', description: `List the scenarios in files or folders (default ${DEFAULT_SCENARIOS})` },
  async run({ args }) {
    const loaded = await loadOrExplain(args._);
    if (!loaded) return void (process.exitCode = EXIT.input);
    for (const s of loaded.scenarios) {
      const cells = s.steps.reduce((n, st) => n + (st.kind === 'expect' ? st.expectations.length : 0), 0);
      console.log(`${escapeText(s.name)}  (${escapeText(s.source)}; ${Object.keys(s.tasks).length} task(s), ${s.steps.length} step(s), ${cells} expectation(s))`);
      if (s.description) console.log(`    ${escapeText(s.description.trim().split('\n')[0] ?? '')}`);
    }
  },
});
