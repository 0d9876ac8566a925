import { z } from 'zod';
import { taskNameSchema } from './common.ts';
import { SIM_EXTENSION_KEY, simExtensionSchema, taskDefinitionSchema } from './task-definition.ts';

/**
 * `tasks`: name → a task definition, inline or `{ file }`. The name is what steps and targets use
 * (`from: web`, `credentials-of:web`); names are map keys, so YAML's duplicate-key check makes
 * them unique.
 */

/** `{ file: tasks/web.json }`: the definition lives in a JSON file, as the AWS CLI takes it. */
export const taskFileRefSchema = z.strictObject({
  file: z.string().min(1).describe('a register-task-definition JSON file, relative to the scenario file'),
  [SIM_EXTENSION_KEY]: simExtensionSchema.optional(),
});

export const taskEntrySchema = z.union([taskFileRefSchema, taskDefinitionSchema]);

export const tasksSchema = z.record(taskNameSchema, taskEntrySchema);

export type TaskFileRefInput = z.input<typeof taskFileRefSchema>;
export type TaskEntryInput = z.input<typeof taskEntrySchema>;
