import type { CellResult } from '../runner/results.ts';
import { expectedChar, foundChar } from './cells.ts';
import { escapeText } from './escape.ts';
import type { Paint } from './paint.ts';
import { truthTable } from './table.ts';

/**
 * The expected and actual truth tables of one expect step, side by side: rows are who probed,
 * columns are targets, one character a cell (cyclonus's layout). Wrong cells are red, errors
 * yellow; without colour, the mismatch list that follows the grid says the same.
 */
export function renderGrids(cells: CellResult[], paint: Paint, indent = '    '): string[] {
  const { rows, cols, cell: at } = truthTable(cells);
  // Row and column names are the scenario's: shown escaped, so that a name cannot break the table's lines.
  const shown = (s: string) => escapeText(s);
  const rowWidth = Math.max(...rows.map((r) => shown(r).length), 4);
  const colWidths = cols.map((c) => Math.max(shown(c).length, 1));
  const header = cols.map((c, i) => shown(c).padEnd(colWidths[i]!)).join(' ');
  // The expected table is as wide as its title at least, so that the actual one lines up under its own.
  const tableWidth = Math.max(header.length, 'expected'.length);
  const lines = [`${indent}${''.padEnd(rowWidth)}  ${'expected'.padEnd(tableWidth)}   ${'actual'}`, `${indent}${''.padEnd(rowWidth)}  ${header.padEnd(tableWidth)}   ${header}`];
  for (const row of rows) {
    const exp: string[] = [];
    const act: string[] = [];
    cols.forEach((col, i) => {
      const cell = at(row, col);
      const w = colWidths[i]!;
      if (!cell) {
        exp.push('.'.padEnd(w));
        act.push('.'.padEnd(w));
        return;
      }
      exp.push(expectedChar(cell.judgement.expected).padEnd(w));
      const ch = foundChar(cell.judgement).padEnd(w);
      act.push(cell.judgement.state === 'correct' ? paint.green(ch) : cell.judgement.state === 'wrong' ? paint.red(ch) : paint.yellow(ch));
    });
    lines.push(`${indent}${shown(row).padEnd(rowWidth)}  ${exp.join(' ').padEnd(tableWidth)}   ${act.join(' ')}`);
  }
  return lines;
}
