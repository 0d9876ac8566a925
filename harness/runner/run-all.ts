import type { SimRun } from '../run/sim-run.ts';
import type { Scenario } from '../scenario/model.ts';
import type { RunnerReporter } from './reporter.ts';
import type { ScenarioResult } from './results.ts';
import { runScenario, type RunScenarioOptions } from './run-scenario.ts';

/**
 * Runs scenarios, `concurrency` at a time, each on its own instance (instances share nothing but
 * the engine). Results come back in the scenarios' order. `reporterFor` gives each scenario its
 * reporter: the console one streams when scenarios run one at a time, and buffers each scenario
 * to print it whole when they overlap.
 */
export async function runAll(
  run: SimRun,
  scenarios: Scenario[],
  opts: { concurrency: number; reporterFor: (s: Scenario) => RunnerReporter; optionsFor: (s: Scenario) => RunScenarioOptions },
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < scenarios.length; i = next++) {
      const s = scenarios[i]!;
      results[i] = await runScenario(run, s, opts.reporterFor(s), opts.optionsFor(s));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, scenarios.length)) }, worker));
  return results;
}
