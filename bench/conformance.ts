/**
 * The built-in conformance suite as `npm start` runs it (issue 11 item 1): a run of its own (so
 * the run's image cache is filled as `npm start` fills it), default concurrency, beside the sum
 * of the raw operations its checks need, each measured in the same bench run by bench/run.ts.
 *
 * What a check needs, counted from the results, not from the scenario files:
 * - a boot per scenario, a restart per reboot step;
 * - one deadline per expect step whose cells include one that waited its deadline out (a cell
 *   refused or unroutable at once costs a shell script no deadline either);
 * - one request (an exec and one HTTP GET) per other cell, and per `exec` or `instance` step;
 * - a container create and start per task started.
 */
import { DEFAULT_SCENARIOS } from '../harness/cli/engine-matrix.ts';
import { defaultConcurrency } from '../harness/runner/concurrency.ts';
import { runAll } from '../harness/runner/run-all.ts';
import type { ScenarioResult } from '../harness/runner/results.ts';
import { DEFAULT_DEADLINE_MS } from '../harness/probes/prober.ts';
import { SimRun } from '../harness/run/sim-run.ts';
import { loadScenarios, type Scenario } from '../harness/scenario/index.ts';
import { time, type BenchRow } from './measure.ts';

/** The raw operations' medians, measured in the same bench run. */
export interface RawCosts {
  boot: number;
  restart: number;
  request: number;
  taskStart: number;
}

export interface SuiteCounts {
  boots: number;
  reboots: number;
  deadlines: number;
  requests: number;
  taskStarts: number;
}

/** A cell waited its deadline out when its probe took (nearly) the whole deadline. */
const WAITED = 0.9 * DEFAULT_DEADLINE_MS;

/** What the suite's checks needed, from what they did (see the file's comment). */
export function countRawOperations(scenarios: readonly Scenario[], results: readonly ScenarioResult[]): SuiteCounts {
  const counts: SuiteCounts = { boots: 0, reboots: 0, deadlines: 0, requests: 0, taskStarts: 0 };
  results.forEach((result, i) => {
    if (!result.fidelity) return; // never booted
    counts.boots++;
    counts.taskStarts += Object.values(scenarios[i]!.tasks).filter((t) => t.sim.start).length;
    for (const step of result.steps) {
      if (step.state === 'skipped' || step.state === 'error') continue;
      if (step.kind === 'reboot') counts.reboots++;
      else if (step.kind === 'run-task') counts.taskStarts++;
      else if (step.kind === 'exec' || step.kind === 'instance') counts.requests++;
      else if (step.state === 'checked') {
        const waited = step.cells.filter((c) => c.judgement.actual.state === 'blocked' && c.judgement.actual.evidence.durationMs >= WAITED);
        if (waited.length) counts.deadlines++;
        counts.requests += step.cells.length - waited.length;
      }
    }
  });
  return counts;
}

export const rawSum = (n: SuiteCounts, raw: RawCosts): number =>
  n.boots * raw.boot + n.reboots * raw.restart + n.deadlines * DEFAULT_DEADLINE_MS + n.requests * raw.request + n.taskStarts * raw.taskStart;

export async function benchConformance(raw: RawCosts): Promise<BenchRow[]> {
  const loaded = await loadScenarios([DEFAULT_SCENARIOS]);
  if (!loaded.ok) throw new Error(`the conformance suite did not load: ${loaded.errors.map((e) => e.message).join('; ')}`);
  const { value: concurrency } = defaultConcurrency();
  let results: ScenarioResult[] = [];
  let wall = 0;
  const run = await SimRun.start({ log: (l) => console.error(l), gcFirst: false, handleSignals: false });
  try {
    wall = await time(async () => {
      results = await runAll(run, loaded.scenarios, { concurrency, reporterFor: () => ({}), optionsFor: () => ({}) });
    });
  } finally {
    await run.close();
  }
  const bad = results.filter((r) => r.state !== 'passed');
  if (bad.length) console.error(`conformance: not every scenario passed: ${bad.map((r) => `${r.name} (${r.state})`).join(', ')}`);
  const n = countRawOperations(loaded.scenarios, results);
  const rawWhat = `sum of its raw operations: ${n.boots} boots, ${n.reboots} restarts, ${n.deadlines} deadlines, ${n.requests} requests, ${n.taskStarts} task starts`;
  const serial = results.reduce((s, r) => s + r.durationMs, 0);
  return [
    { what: `conformance suite, wall (${results.length} scenarios, ${concurrency} at once)`, ours: wall, rawWhat, raw: rawSum(n, raw) },
    { what: 'conformance suite, its scenarios one after another', ours: serial, rawWhat: 'the same sum', raw: rawSum(n, raw) },
  ];
}
