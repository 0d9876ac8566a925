import type { RunnerReporter } from '../runner/reporter.ts';
import type { ScenarioResult, StepResult } from '../runner/results.ts';
import { summaryLine, totalTally } from './summary.ts';
import type { Scenario, Step } from '../scenario/model.ts';
import { escapeText } from './escape.ts';
import { truthTableLines } from './truth-table-lines.ts';
import { engineGrid } from './engine-grid.ts';
import { fidelityLine } from './fidelity.ts';
import { roleUseLines } from './role-use.ts';
import { paintFor, type Paint } from './paint.ts';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Names, sources, evidence and output come from scenario files and containers: escaped (escape.ts). */
const esc = (s: string): string => escapeText(s);

/**
 * Multi-line evidence (a command's output) keeps its lines, each continued under the first with
 * a "| " mark, so that no line of it starts where a CI runner looks for a command (`::error`).
 */
const multiline = (text: string, pad: string): string => escapeText(text, { keepNewlines: true }).replace(/\n/g, `\n${pad}  | `);


export { summaryLine };

/**
 * The console reporter: progress while a scenario runs (scenario, step, elapsed), the truth
 * tables of each expect step with the evidence of every mismatch, and a summary per scenario
 * and for the run.
 */
export function consoleReporter(out: { write(s: string): unknown; isTTY?: boolean } = process.stdout, paint: Paint = paintFor(out)): RunnerReporter {
  let scenarioStarted = 0;
  const line = (s = '') => out.write(`${s}\n`);
  const elapsed = () => paint.dim(`[${secs(Date.now() - scenarioStarted)}]`);
  return {
    onScenarioStart(s: Scenario) {
      scenarioStarted = Date.now();
      line(paint.bold(`▶ ${esc(s.name)}`) + paint.dim(`  ${esc(s.source)}${s.instance?.docker?.length === 1 ? `  [docker ${s.instance.docker[0]}]` : ''}`));
      if (s.description) line(paint.dim(`  ${esc(s.description.trim().split('\n')[0] ?? '')}`));
    },
    onProgress(_s, text) {
      line(`  ${elapsed()} ${esc(text)}`);
    },
    onStepStart(_s, step: Step) {
      line(`  ${elapsed()} step ${step.index + 1}: ${step.kind}`);
    },
    onStepEnd(_s, _step, r: StepResult) {
      for (const l of stepLines(r, paint)) line(l);
    },
    onInstanceKept(_s, instance) {
      line(paint.bold(`  kept: instance ${instance.name} (link ${instance.network.subnet.cidr}) stays up for you to poke at:`));
      line(`    docker exec -it ${instance.name} bash          # the EC2 instance: iptables -S, ip route, cat /var/log/ecs/audit.log`);
      line(`    docker exec -it ${instance.name} docker ps     # its tasks and probe sidecars`);
      line(`    npx ecs-sim gc                                 # removes it (any later run does too)`);
    },
    onScenarioEnd(r: ScenarioResult) {
      if (r.fidelity) line(paint.dim(`  ran on: ${esc(fidelityLine(r.fidelity))}`));
      for (const n of r.notes) line(paint.dim(`  note: ${esc(n)}`));
      for (const w of r.warnings) line(paint.yellow(`  warning: ${esc(w)}`));
      if (r.error) line(paint.yellow(`  error: ${esc(r.error)}`));
      if (r.debugBundle) line(`  debug bundle: ${esc(r.debugBundle)}`);
      const used = roleUseLines(r.audit ?? []);
      if (used.length) {
        line(paint.dim('  roles used (audit trail; a task-role session is named after its task ID):'));
        for (const u of used) line(paint.dim(`    ${esc(u)}`));
      }
      const mark = r.state === 'passed' ? paint.green('✔') : r.state === 'failed' ? paint.red('✘') : paint.yellow('!');
      line(`${mark} ${esc(r.name)}: ${summaryLine(r.tally)} (${secs(r.durationMs)})\n`);
    },
    onRunEnd(results: ScenarioResult[]) {
      const t = totalTally(results);
      const by = (s: string) => results.filter((r) => r.state === s).length;
      const grid = engineGrid(results, paint);
      if (grid.length) for (const l of [...grid, '']) line(l);
      line(paint.bold(`${results.length} scenario(s): ${by('passed')} passed, ${by('failed')} failed, ${by('error')} error`));
      line(paint.bold(summaryLine(t)));
    },
  };
}

function stepLines(r: StepResult, paint: Paint): string[] {
  const pad = '      ';
  switch (r.state) {
    case 'checked':
      return truthTableLines(r.cells, paint, pad);
    case 'ok':
      return [paint.dim(`${pad}✓ ${esc(r.detail.split('\n')[0] ?? '')} (${secs(r.durationMs)})`)];
    case 'failed':
      return [`${pad}${paint.red('✗ failed')}: ${multiline(r.detail, pad)}`];
    case 'error':
      return [`${pad}${paint.yellow('! error')}: ${multiline(r.detail, pad)}`];
    case 'skipped':
      return [paint.dim(`${pad}- skipped: ${esc(r.detail)}`)];
  }
}

/**
 * The console reporter for one scenario among several running at once: its lines are kept and
 * written in one piece when the scenario ends, so that scenarios do not interleave.
 */
export function bufferedConsoleReporter(out: { write(s: string): unknown; isTTY?: boolean }): RunnerReporter {
  let buffer = '';
  const inner = consoleReporter({ write: (s: string) => (buffer += s), ...(out.isTTY !== undefined ? { isTTY: out.isTTY } : {}) }, paintFor(out));
  return {
    ...inner,
    onScenarioEnd(r) {
      inner.onScenarioEnd?.(r);
      out.write(buffer);
      buffer = '';
    },
  };
}
