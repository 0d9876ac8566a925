import type { z } from 'zod';
import type { Path } from './issues.ts';

/**
 * Just enough reading of zod schemas to write good messages: which keys a mapping allows (for
 * "did you mean"), which values an enum takes, a number's bounds. Reads zod 4's `_zod.def`, the
 * documented internals its own JSON Schema generator reads.
 */

interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  keyType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
}

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/** Strips optional/default/nullable/... wrappers; a union becomes its options. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType[] {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

/** Every schema that could describe the value at `path` (more than one through unions). */
export function schemasAt(root: z.core.$ZodType, path: Path): z.core.$ZodType[] {
  let current = unwrap(root);
  for (const seg of path) {
    const next: z.core.$ZodType[] = [];
    for (const schema of current) {
      const def = defOf(schema);
      if (def.type === 'object' && def.shape && typeof seg === 'string' && def.shape[seg]) next.push(...unwrap(def.shape[seg]));
      else if (def.type === 'record' && def.valueType) next.push(...unwrap(def.valueType));
      else if (def.type === 'array' && def.element && typeof seg === 'number') next.push(...unwrap(def.element));
    }
    current = next;
  }
  return current;
}

/** The keys a mapping at `path` may have. */
export function keysAt(root: z.core.$ZodType, path: Path): string[] {
  const keys = new Set<string>();
  for (const schema of schemasAt(root, path)) {
    const def = defOf(schema);
    if (def.type === 'object' && def.shape) Object.keys(def.shape).forEach((k) => keys.add(k));
    if (def.type === 'record' && def.keyType) enumValues(def.keyType).forEach((k) => keys.add(String(k)));
  }
  return [...keys];
}

/** The values an enum or literal takes ([] for anything else). */
export function enumValues(schema: z.core.$ZodType): unknown[] {
  return unwrap(schema).flatMap((s) => {
    const def = defOf(s);
    if (def.type === 'enum' && def.entries) return Object.values(def.entries);
    if (def.type === 'literal' && def.values) return def.values;
    return [];
  });
}

/** zod's int() records the safe-integer range as bounds; those are not worth a message. */
const isBound = (n: unknown): boolean => typeof n === 'number' && Math.abs(n) < Number.MAX_SAFE_INTEGER;

/** A number's inclusive bounds, when the schema at `path` is a bounded number. */
export function numberBounds(root: z.core.$ZodType, path: Path): { min?: number; max?: number } {
  for (const schema of schemasAt(root, path)) {
    if (defOf(schema).type !== 'number') continue;
    // zod's classic number schemas expose their bounds as minValue/maxValue.
    const { minValue, maxValue } = schema as unknown as { minValue?: number | null; maxValue?: number | null };
    return {
      ...(isBound(minValue) ? { min: minValue as number } : {}),
      ...(isBound(maxValue) ? { max: maxValue as number } : {}),
    };
  }
  return {};
}

/** One example of what belongs at `path`, for "add apiVersion: ecs-sim/v1"-style hints. */
export function exampleAt(root: z.core.$ZodType, path: Path): string | undefined {
  for (const schema of schemasAt(root, path)) {
    const values = enumValues(schema);
    if (values.length === 1) return String(values[0]);
  }
  return undefined;
}
