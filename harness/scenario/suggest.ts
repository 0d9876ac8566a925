/**
 * "Did you mean ...?" for misspelt keys, targets, task names and values.
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so "exce" → "exec"
 * costs 1), compared case-insensitively (so "hoplimit" finds "hopLimit").
 *
 * Bounded work, whatever the input (issue 14): only a band of the matrix within the largest
 * distance still worth knowing is computed, in three rows; inputs longer than
 * MAX_SUGGESTION_INPUT get no suggestion (no name of the format is that long); and one search
 * stops after SUGGESTION_BUDGET cells, keeping the best found so far.
 */

/** The longest input a suggestion is looked for (container names, the longest names, are 255). */
export const MAX_SUGGESTION_INPUT = 256;
/** Matrix cells one `nearest` call may compute. */
export const SUGGESTION_BUDGET = 200_000;

/**
 * The distance between a and b, or `max + 1` as soon as it is known to exceed `max`. Work:
 * about min(|a|, |b|) × (2·max + 1) cells.
 */
export function editDistance(a: string, b: string, max: number = Math.max(a.length, b.length)): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  const far = max + 1;
  let prev2 = new Array<number>(cols).fill(far);
  let prev = Array.from({ length: cols }, (_, j) => (j <= max ? j : far));
  let cur = new Array<number>(cols).fill(far);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    cur.fill(far);
    cur[0] = i <= max ? i : far;
    let rowBest = cur[0] as number;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (prev2[j - 2] as number) + 1);
      cur[j] = Math.min(best, far);
      if (best < rowBest) rowBest = best;
    }
    if (rowBest > max) return far;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[b.length] as number, far);
}

/**
 * The candidate nearest to `input`, or undefined when none is close enough to be a likely typo:
 * at most a third of the input's length away (at least 1, always less than the length itself).
 */
export function nearest(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length > MAX_SUGGESTION_INPUT) return undefined;
  const folded = input.toLowerCase();
  const limit = Math.min(Math.max(1, Math.floor(folded.length / 3)), folded.length - 1);
  if (limit < 0) return undefined;
  let budget = SUGGESTION_BUDGET;
  let best: { candidate: string; distance: number; exact: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === input || Math.abs(candidate.length - input.length) > limit) continue;
    if (budget <= 0) break;
    budget -= 2 * Math.min(input.length, candidate.length) * (2 * limit + 1);
    const distance = editDistance(folded, candidate.toLowerCase(), limit);
    if (distance > limit) continue;
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
