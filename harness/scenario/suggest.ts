/**
 * "Did you mean ...?" for misspelt keys, targets, task names and values.
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so "exce" → "exec"
 * costs 1), compared case-insensitively (so "hoplimit" finds "hopLimit").
 */

export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate nearest to `input`, or undefined when none is close enough to be a likely typo:
 * at most a third of the input's length away (at least 1, always less than the length itself).
 */
export function nearest(input: string, candidates: Iterable<string>): string | undefined {
  const folded = input.toLowerCase();
  const limit = Math.max(1, Math.floor(folded.length / 3));
  let best: { candidate: string; distance: number; exact: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = editDistance(folded, candidate.toLowerCase());
    if (distance > limit || distance >= folded.length) continue;
    const exact = editDistance(input, candidate);
    if (!best || distance < best.distance || (distance === best.distance && exact < best.exact)) best = { candidate, distance, exact };
  }
  return best?.candidate;
}

/** ` (did you mean "x"?)`, or '' when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = nearest(input, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/** `a, b, c` for hints; long lists are cut with a count of the rest. */
export function listOf(values: readonly string[], max = 12): string {
  if (values.length <= max) return values.join(', ');
  return `${values.slice(0, max).join(', ')}, ... (${values.length - max} more)`;
}
