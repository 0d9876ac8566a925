import type { CellResult } from '../runner/results.ts';

/**
 * The layout of one expect step's truth table, shared by every report that draws one: rows are
 * who probed (`web (bridge)`), columns the targets, in the order the scenario wrote them.
 */
export interface TruthTable {
  rows: string[];
  cols: string[];
  cell(row: string, col: string): CellResult | undefined;
}

export function truthTable(cells: CellResult[]): TruthTable {
  const rowOf = (c: CellResult) => `${c.from} (${c.origin})`;
  const at = new Map(cells.map((c) => [`${rowOf(c)}|${c.target}`, c]));
  return {
    rows: unique(cells.map(rowOf)),
    cols: unique(cells.map((c) => c.target)),
    cell: (row, col) => at.get(`${row}|${col}`),
  };
}

const unique = (xs: string[]): string[] => [...new Set(xs)];
