import type { CellResult } from '../runner/results.ts';
import { verdictText } from '../scenario/verdicts.ts';
import { LEGEND } from './cells.ts';
import { escapeText } from './escape.ts';
import { renderGrids } from './grid.ts';
import type { Paint } from './paint.ts';

/** Names and evidence come from scenario files and containers: escaped (escape.ts). */
const esc = (s: string): string => escapeText(s);

/**
 * One expect step's cells as the console shows them: the expected and actual grids, the legend,
 * who STS said each caller is, and a line of evidence for every cell that is not correct. Also
 * the text of a builder's `expect()` result (harness/testcontainers/).
 */
export function truthTableLines(cells: CellResult[], paint: Paint, pad: string): string[] {
  const lines = renderGrids(cells, paint, pad);
  lines.push(paint.dim(`${pad}${LEGEND}`));
  // Who STS said each caller is, right or wrong: the grid shows only "I".
  for (const c of cells.filter((x) => x.judgement.state === 'correct' && x.judgement.found.startsWith('identity:'))) {
    lines.push(paint.dim(`${pad}${esc(c.from)} → ${esc(c.target)}: ${esc(c.judgement.actual.evidence.summary)}`));
  }
  for (const c of cells.filter((x) => x.judgement.state !== 'correct')) {
    const j = c.judgement;
    const e = j.actual.evidence;
    const mark = j.state === 'wrong' ? paint.red('✗ wrong') : paint.yellow('! error');
    lines.push(`${pad}${mark} ${esc(c.from)} → ${esc(c.target)}: expected ${esc(verdictText(j.expected))}, found ${esc(j.found)}: ${esc(e.summary)}${e.errno ? ` [${esc(e.errno)}]` : ''} (${e.durationMs} ms)`);
    if (e.bodyExcerpt) lines.push(paint.dim(`${pad}    body: ${JSON.stringify(e.bodyExcerpt.slice(0, 120))}`));
  }
  return lines;
}
