import type { ScenarioResult, StepResult } from '../runner/results.ts';
import { verdictText } from '../scenario/verdicts.ts';
import { expectedChar, foundChar, LEGEND } from './cells.ts';
import { checksOf, type Check } from './checks.ts';
import { summaryLine, totalTally } from './summary.ts';
import { truthTable } from './table.ts';
import { xmlAttr as attr, xmlText as text } from './xml.ts';

/**
 * The HTML report (`--html FILE`): one file that loads nothing (its Content-Security-Policy
 * forbids every fetch; styles are inline, there is no script): per scenario its timeline of
 * steps, its truth tables coloured cell by cell, and the evidence of every check.
 */
export function htmlReport(results: ScenarioResult[]): string {
  const total = summaryLine(totalTally(results));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ecs-sim: ${text(total)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>ecs-sim</h1>
<p class="total">${results.length} scenario(s): ${text(total)}</p>
<p class="legend">${text(LEGEND)}</p>
${results.map(scenarioSection).join('\n')}
</body>
</html>
`;
}

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1f24; }
h2 { margin-top: 2em; border-bottom: 1px solid #d0d7de; }
.state-passed { color: #1a7f37; } .state-failed { color: #cf222e; } .state-error { color: #9a6700; }
table.truth { border-collapse: collapse; margin: .5em 0 1em; }
table.truth th, table.truth td { border: 1px solid #d0d7de; padding: .25em .6em; text-align: center; }
table.truth th[scope=row] { text-align: left; }
td.correct { background: #dafbe1; } td.wrong { background: #ff8182; font-weight: bold; } td.error { background: #fff8c5; } td.ignored { background: #eaeef2; color: #57606a; }
ol.timeline li { margin: .2em 0; }
.mark-correct, .mark-ok { color: #1a7f37; } .mark-wrong, .mark-failed { color: #cf222e; } .mark-error { color: #9a6700; } .mark-ignored, .mark-skipped { color: #57606a; }
pre { background: #f6f8fa; padding: .6em; overflow-x: auto; white-space: pre-wrap; }
.dim { color: #57606a; }
.warning { color: #9a6700; }
`;

const MARK: Record<Check['state'] | StepResult['state'], string> = { correct: '✔', ok: '✔', checked: '▦', wrong: '✘', failed: '✘', error: '!', ignored: '–', skipped: '–' };

function scenarioSection(r: ScenarioResult): string {
  const checks = checksOf(r);
  return `<section class="scenario" id="${attr(anchor(r))}">
<h2><span class="state-${r.state}">${MARK[r.state === 'passed' ? 'ok' : r.state === 'failed' ? 'failed' : 'error']} ${text(r.state)}</span> ${text(r.name)}</h2>
<p class="dim">${text(r.source)} · ${text(summaryLine(r.tally))} · ${(r.durationMs / 1000).toFixed(1)}s</p>
${r.error ? `<p class="state-error">${text(r.error)}</p>` : ''}
${r.debugBundle ? `<p>Debug bundle: <code>${text(r.debugBundle)}</code></p>` : ''}
${r.notes.map((n) => `<p class="dim">note: ${text(n)}</p>`).join('\n')}
${(r.warnings ?? []).map((w) => `<p class="warning">warning: ${text(w)}</p>`).join('\n')}
<h3>Timeline</h3>
<ol class="timeline">
${r.steps.map((s) => `<li class="step-${s.state}"><span class="mark-${s.state}">${MARK[s.state]}</span> ${text(s.label ?? s.kind)} <span class="dim">— ${text(stepSummary(s))} (${(s.durationMs / 1000).toFixed(1)}s)</span></li>`).join('\n')}
</ol>
${r.steps.map(truthTableHtml).join('\n')}
<h3>Checks</h3>
${checks.map(checkHtml).join('\n')}
</section>`;
}

const anchor = (r: ScenarioResult) => `${r.source}#${r.name}`.replace(/[^A-Za-z0-9_-]+/g, '-');

function stepSummary(s: StepResult): string {
  if (s.state !== 'checked') return s.detail.split('\n')[0]!;
  const wrong = s.cells.filter((c) => c.judgement.state !== 'correct').length;
  return `${s.cells.length} cell(s), ${wrong} not as expected`;
}

function truthTableHtml(s: StepResult): string {
  if (s.state !== 'checked') return '';
  const t = truthTable(s.cells);
  const rows = t.rows.map((row) => {
    const tds = t.cols.map((col) => {
      const c = t.cell(row, col);
      if (!c) return '<td class="dim">·</td>';
      const j = c.judgement;
      const title = `expected ${verdictText(j.expected)}, found ${j.found}: ${j.actual.evidence.summary}`;
      return `<td class="${j.state}" title="${attr(title)}" data-cell="${attr(`${c.from} → ${c.target}`)}">${text(expectedChar(j.expected))} → ${text(foundChar(j))}</td>`;
    });
    return `<tr><th scope="row">${text(row)}</th>${tds.join('')}</tr>`;
  });
  return `<h3>Step ${s.index + 1}: expect <span class="dim">(expected → found)</span></h3>
<table class="truth"><thead><tr><th></th>${t.cols.map((c) => `<th scope="col">${text(c)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function checkHtml(c: Check): string {
  const where = c.location ? ` <span class="dim">${text(`${c.location.file}:${c.location.line}`)}</span>` : '';
  const open = c.state === 'wrong' || c.state === 'error' ? ' open' : '';
  return `<details class="check check-${c.state}"${open}><summary><span class="mark-${c.state}">${MARK[c.state]}</span> ${text(c.name)}${where}: ${text(c.message)}</summary><pre>${text(c.evidence)}</pre></details>`;
}
