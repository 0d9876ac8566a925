import type { Path } from './issues.ts';

/**
 * What validation may safely walk: plain data (mappings, sequences, strings, numbers, booleans,
 * null), nested at most MAX_DEPTH levels, without cycles, and without a `__proto__` key (zod
 * drops it from records without a word and `obj[key] = v` would set the prototype). Checked for
 * YAML, JSON and TypeScript input alike, before anything recursive looks at the value.
 */

/** Mappings and sequences inside one another. A scenario needs about 10; task definitions a few more. */
export const MAX_DEPTH = 64;

/**
 * Keys and values in one file (or one TypeScript scenario). A scenario has a few hundred; a
 * large task definition a few thousand. The size limit alone admits 500k (`[1,1,1,...]`), and
 * every value costs the parser and validation memory and time: this bounds both (issue 14).
 */
export const MAX_VALUES = 50_000;

export const VALUES_HINT = `a scenario holds a few hundred keys and values; at most ${MAX_VALUES} are read (is this the right file?)`;

export const DEPTH_HINT = `a scenario nests about 10 levels; at most ${MAX_DEPTH} are read (is this the right file?)`;

export interface PlainProblem {
  code: 'yaml-unsupported' | 'too-deep' | 'too-large' | 'invalid-value';
  path: Path;
  message: string;
  hint?: string;
}

/** Stops after this many problems: they all say the same thing about one file. */
const MAX_PROBLEMS = 100;

export function plainDataProblems(value: unknown): PlainProblem[] {
  const out: PlainProblem[] = [];
  walk(value, [], new Set(), out, { values: 0 });
  return out;
}

function walk(value: unknown, path: Path, ancestors: Set<unknown>, out: PlainProblem[], seen: { values: number }): void {
  if (out.length >= MAX_PROBLEMS) return;
  seen.values += 1;
  // Shared subtrees (YAML aliases, reused objects) count each time they appear: they are walked that often.
  if (seen.values === MAX_VALUES + 1) return void out.push({ code: 'too-large', path, message: `more than ${MAX_VALUES} keys and values`, hint: VALUES_HINT });
  if (seen.values > MAX_VALUES) return;
  // undefined: an optional field left out in TypeScript (`{ description: undefined }`).
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push({ code: 'invalid-value', path, message: `${String(value)} is not a number a scenario can hold`, hint: 'write a finite number' });
    return;
  }
  if (typeof value !== 'object') return void out.push({ code: 'yaml-unsupported', path, message: `unsupported value of type ${typeof value}` });
  if (ancestors.has(value)) return void out.push({ code: 'yaml-unsupported', path, message: 'an alias refers to a node that contains it (a cycle)' });
  if (path.length >= MAX_DEPTH) return void out.push({ code: 'too-deep', path, message: `nested deeper than ${MAX_DEPTH} levels`, hint: DEPTH_HINT });
  const isArray = Array.isArray(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    const kind = (value as object).constructor?.name ?? 'object';
    return void out.push({ code: 'yaml-unsupported', path, message: `unsupported value (${kind === 'Buffer' ? '!!binary' : kind}): use plain mappings, sequences and scalars` });
  }
  ancestors.add(value);
  if (isArray) (value as unknown[]).forEach((v, i) => walk(v, [...path, i], ancestors, out, seen));
  else {
    for (const key of Object.keys(value)) {
      if (key === '__proto__') {
        out.push({ code: 'invalid-value', path: [...path, key], message: '"__proto__" cannot be a key: JavaScript would take it for the prototype of the mapping', hint: 'rename it' });
        continue;
      }
      walk((value as Record<string, unknown>)[key], [...path, key], ancestors, out, seen);
    }
  }
  ancestors.delete(value);
}
