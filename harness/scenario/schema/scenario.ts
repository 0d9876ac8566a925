import { z } from 'zod';
import { roleNameSchema } from './common.ts';
import { instanceSchema } from './instance.ts';
import { roleSchema } from './policy.ts';
import { stepSchema, type StepInput } from './steps.ts';
import { tasksSchema } from './tasks.ts';

/** The apiVersions this loader reads. A file names one so that the format can change safely. */
export const API_VERSIONS = ['ecs-sim/v1'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** A scenario file, as written (before defaults, before files it references are read). */
export const scenarioSchema = z
  .strictObject({
    apiVersion: z.enum(API_VERSIONS),
    /** Unique among the scenarios loaded together; reports use it. */
    name: z.string().min(1).max(200),
    description: z.string().optional(),
    instance: instanceSchema.prefault({}),
    roles: z.record(roleNameSchema, roleSchema).default({}),
    tasks: tasksSchema.default({}),
    steps: z.array(stepSchema).min(1),
  })
  .meta({
    title: 'ecs-sim scenario',
    description: 'A declarative ecs-sim scenario: an ECS container instance, roles, tasks and steps that assert isolation.',
  });

/** What `defineScenario` takes: the file's model, typed, with each step a precise one-of. */
export type ScenarioInput = Omit<z.input<typeof scenarioSchema>, 'steps'> & { steps: StepInput[] };
export type ParsedScenario = z.output<typeof scenarioSchema>;
