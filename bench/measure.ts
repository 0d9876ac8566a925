/**
 * What every bench shares: wall time, medians, and the table that prints each of ecs-sim's
 * figures beside the raw Docker operation it rests on, measured in the same run, as a ratio.
 * Nothing here is asserted: the machine is noisy.
 */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export interface BenchRow {
  what: string;
  ours: number;
  rawWhat: string;
  raw: number;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

export function printTable(title: string, rows: readonly BenchRow[]): void {
  const w = Math.max('ecs-sim'.length, ...rows.map((r) => r.what.length));
  const w2 = Math.max('raw Docker operation'.length, ...rows.map((r) => r.rawWhat.length));
  console.log(`\n${title}\n`);
  console.log(`${'ecs-sim'.padEnd(w)}  ${'time'.padStart(8)}   ${'raw Docker operation'.padEnd(w2)}  ${'time'.padStart(8)}   ratio`);
  for (const r of rows) console.log(`${r.what.padEnd(w)}  ${fmt(r.ours).padStart(8)}   ${r.rawWhat.padEnd(w2)}  ${fmt(r.raw).padStart(8)}   ${(r.ours / r.raw).toFixed(2)}x`);
}
