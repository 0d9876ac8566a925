import { z } from 'zod';

/**
 * Pieces shared by the schema files. Messages given here are used verbatim by the loader's
 * error translation (zod-issues.ts); the built-in ones (types, ranges, unknown keys) are
 * rewritten there in the file's own terms.
 */

/**
 * Task and container-instance names: they become parts of Docker container names and of the
 * `credentials-of:<task>` target, so no ':' and no spaces.
 */
export const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
export const taskNameSchema = z
  .string()
  .regex(TASK_NAME, { error: 'a task name is 1-63 letters, digits, "_", "." or "-", starting with a letter or digit' });

/** IAM role names: `[\w+=,.@-]{1,64}` (IAM CreateRole, RoleName). */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const roleNameSchema = z
  .string()
  .regex(ROLE_NAME, { error: 'an IAM role name is 1-64 letters, digits or any of "+=,.@_-"' });

/**
 * Text that reaches a process: a command, a script, an argument, an environment value. A NUL
 * cannot: execve's argv and environment, and every C string on the way, end at the first NUL,
 * so the rest would be dropped without a word (YAML's "\0" escape writes one).
 */
export const NO_NUL = /^[^\0]*$/;
export const processTextSchema = z.string().regex(NO_NUL, { error: 'holds a NUL character (\\0), which would cut it short on its way to a process' });

/** A shell command (run with `/bin/sh -c`) or an argv list (run as is, like a task's `command`). */
export const commandSchema = z
  .union([processTextSchema.min(1), z.array(processTextSchema).min(1)])
  .describe('a shell command (run with /bin/sh -c) or an argv list (run as is)');

/** A regular expression, in JavaScript syntax, tested against the whole stdout. */
export const stdoutPatternSchema = z.string().describe('a JavaScript regular expression the output must match');

export const exitCodeSchema = z.number().int().min(0).max(255).default(0);

/** Paths in a scenario are relative to the scenario file. */
export const relativePathSchema = z.string().min(1).describe('a path relative to the scenario file');

/**
 * Whole-mapping rules (exactly one of two keys, one key per step) still run when a field inside
 * has failed, so that a file gets all its errors at once; they only need the value to be a mapping.
 */
export const whenMapping = {
  when: (payload: { value: unknown }): boolean => payload.value !== null && typeof payload.value === 'object' && !Array.isArray(payload.value),
};
