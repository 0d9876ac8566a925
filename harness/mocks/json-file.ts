import type { z } from 'zod';

/**
 * JSON text checked against a schema: the value, or every problem as `path: message`.
 * `name` prefixes the not-JSON error; `root` names the document in issues about it as a whole.
 */
export function parseJsonWith<T>(
  schema: z.ZodType<T>,
  text: string,
  labels: { name?: string; root?: string } = {},
): { ok: true; value: T } | { ok: false; errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`${labels.name ? `${labels.name} is ` : ''}not JSON: ${(err as Error).message}`] };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.length === 0 ? (labels.root ?? '(file)') : issue.path.join('.')}: ${issue.message}`) };
  }
  return { ok: true, value: parsed.data };
}

/** The text of a handed-over file: indented JSON and a final newline. */
export const formatJsonFile = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
