import type { CellResult, ScenarioResult } from '../runner/results.ts';
import { verdictText } from '../scenario/verdicts.ts';
import { checksOf, type Check } from './checks.ts';
import { summaryLine, totalTally } from './summary.ts';
import { truthTable } from './table.ts';
import { xmlText } from './xml.ts';

/**
 * GitHub Actions: a Markdown job summary (appended to the file GITHUB_STEP_SUMMARY names) and
 * workflow-command annotations on the lines of the wrong checks.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */

/** GitHub shows at most 10 error annotations of a step; the rest are counted in one more line. */
export const MAX_ANNOTATIONS = 10;

// Escaping as actions/toolkit's core (packages/core/src/command.ts, escapeData/escapeProperty) and
// the runner's parser (ActionCommand.cs) undo it: a message cannot end its line, a property cannot
// end its value, so text from a probe can never start a command of its own.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const command = (name: string, props: Record<string, string | number | undefined>, message: string) => {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${p ? ` ${p}` : ''}::${escapeData(message)}`;
};

/** The annotation lines: wrong checks first, then those that erred; 10 at most, then a count. */
export function githubAnnotations(results: ScenarioResult[]): string[] {
  const bad = results.flatMap((r) => checksOf(r).map((c) => ({ r, c }))).filter(({ c }) => c.state === 'wrong' || c.state === 'error');
  bad.sort((a, b) => Number(a.c.state === 'error') - Number(b.c.state === 'error'));
  const lines = bad.slice(0, MAX_ANNOTATIONS).map(({ r, c }) =>
    command('error', { file: c.location?.file ?? r.source, line: c.location?.line, title: `ecs-sim ${c.state}: ${r.name}: ${c.name}` }, c.message),
  );
  const more = bad.length - MAX_ANNOTATIONS;
  if (more > 0) lines.push(command('notice', { title: 'ecs-sim' }, `${more} more wrong or erring check(s) not annotated (GitHub shows ${MAX_ANNOTATIONS} a step); the job summary and the JUnit report list them all`));
  return lines;
}

/** Text in a Markdown table cell or paragraph: HTML-escaped, and nothing Markdown would act on. */
const md = (s: string) => xmlText(s).replace(/\|/g, '&#124;').replace(/([\\`*_[\]#~])/g, '\\$1').replace(/\r?\n/g, ' ');
const STATE_MARK: Record<Check['state'], string> = { correct: '✅', wrong: '❌', error: '⚠️', ignored: '⏭️' };

function cellText(c: CellResult | undefined): string {
  if (!c) return '·';
  const j = c.judgement;
  const expected = verdictText(j.expected);
  return j.state === 'correct' ? `${STATE_MARK.correct} ${md(j.found)}` : `${STATE_MARK[j.state]} **${md(j.found)}** (expected ${md(expected)})`;
}

/** The job summary: per scenario its truth tables, its command checks, and each mismatch's evidence. */
export function githubSummary(results: ScenarioResult[]): string {
  const out: string[] = ['## ecs-sim', ''];
  const all = results.flatMap((r) => checksOf(r));
  out.push(`**${results.length} scenario(s)**: ${md(summaryLine(totalTally(results)))}`, '');
  if (all.length === 0) out.push('No checks ran.', '');
  for (const r of results) {
    const mark = r.state === 'passed' ? '✅' : r.state === 'failed' ? '❌' : '⚠️';
    out.push(`### ${mark} ${md(r.name)}`, '', `${md(r.source)} · ${md(summaryLine(r.tally))} · ${(r.durationMs / 1000).toFixed(1)}s`, '');
    if (r.error) out.push(`> ⚠️ ${md(r.error)}`, '');
    for (const w of r.warnings ?? []) out.push(`> ⚠️ warning: ${md(w)}`, '');
    if (r.debugBundle) out.push(`Debug bundle: ${md(r.debugBundle)}`, '');
    for (const s of r.steps) {
      if (s.state !== 'checked') continue;
      const t = truthTable(s.cells);
      out.push(`Step ${s.index + 1}: expect`, '', `| from | ${t.cols.map(md).join(' | ')} |`, `|---|${t.cols.map(() => '---').join('|')}|`);
      for (const row of t.rows) out.push(`| ${md(row)} | ${t.cols.map((col) => cellText(t.cell(row, col))).join(' | ')} |`);
      out.push('');
    }
    const checks = checksOf(r);
    const commands = checks.filter((c) => !r.steps.some((s) => s.state === 'checked' && s.index === c.step) && c.state !== 'ignored');
    if (commands.length) out.push(...commands.map((c) => `- ${STATE_MARK[c.state]} ${md(c.name)}: ${md(c.message)}`), '');
    const ignored = checks.filter((c) => c.state === 'ignored').length;
    if (ignored) out.push(`${STATE_MARK.ignored} ${ignored} check(s) not run: an earlier step could not run.`, '');
    for (const c of checks.filter((x) => x.state === 'wrong' || x.state === 'error')) {
      // Inside HTML, Markdown is not read: HTML escaping only.
      const where = c.location ? ` (${xmlText(`${c.location.file}:${c.location.line}`)})` : '';
      out.push(`<details><summary>${STATE_MARK[c.state]} ${xmlText(c.name)}${where}: ${xmlText(c.message)}</summary>`, '', `<pre>${xmlText(c.evidence)}</pre>`, '', '</details>', '');
    }
  }
  return `${out.join('\n')}\n`;
}
