import { EcsSimError } from '../errors.ts';
import type { Scenario } from '../scenario/model.ts';

/** `--shard i/n`: this runner's part of the scenarios, 1 ≤ i ≤ n. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new EcsSimError('BAD_ARGUMENT', `--shard must be i/n with 1 ≤ i ≤ n (e.g. 1/3), not "${text}"`, {
      kind: 'input',
      fix: 'give each of n runners its own --shard 1/n, 2/n, …, n/n (a GitHub Actions matrix: README "Sharding")',
    });
  }
  return { index, count };
}

/**
 * The scenarios of one shard. The split is by scenario file, so that a file's scenarios stay
 * together: the files, sorted by path, are dealt round-robin, the same on every runner that
 * loads the same files (paths as given, relative to the checkout).
 */
export function shardScenarios(scenarios: readonly Scenario[], shard: Shard): Scenario[] {
  const files = [...new Set(scenarios.map((s) => s.source))].sort();
  const mine = new Set(files.filter((_, i) => i % shard.count === shard.index - 1));
  return scenarios.filter((s) => mine.has(s.source));
}
