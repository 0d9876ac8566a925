import { z } from 'zod';
import { formatJsonFile, parseJsonWith } from '../mocks/json-file.ts';

/**
 * The credentials file: how the harness, standing in for the control plane (ACS), hands the
 * simulated agent its instance identity and every task's role credentials. The harness rewrites
 * it atomically (write a temporary file, rename over) whenever tasks start or stop;
 * credentials-reader.ts notices the change. Example:
 *
 * ```json
 * { "cluster": "ecs-sim", "containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/ecs-sim/0ec5",
 *   "agentVersion": "1.61.0",
 *   "tasks": [{ "credentialsId": "4f9e…", "taskArn": "arn:aws:ecs:…:task/ecs-sim/abc", "roleType": "TaskApplication",
 *               "roleArn": "arn:aws:iam::123456789012:role/app", "state": "ready",
 *               "credentials": { "AccessKeyId": "…", "SecretAccessKey": "…", "Token": "…", "Expiration": "2030-01-01T06:00:00Z" } }] }
 * ```
 */

/** The agent's two role types (ecs-agent/credentials/manager.go `ApplicationRoleType`, `ExecutionRoleType`). */
export const ROLE_TYPES = ['TaskApplication', 'TaskExecution'] as const;
export type RoleType = (typeof ROLE_TYPES)[number];

const nonEmpty = z.string().min(1, { error: 'must be a non-empty string' });

/** What ACS sends per role (manager.go `IAMRoleCredentials`); `Expiration` is echoed as given, as the agent does. */
const roleCredentialsSchema = z.strictObject({
  AccessKeyId: nonEmpty,
  SecretAccessKey: nonEmpty,
  Token: nonEmpty,
  Expiration: nonEmpty,
});

const taskFields = {
  /** The ID in `/v2/credentials/<id>`; a UUID in practice, chosen by the control plane. */
  credentialsId: nonEmpty,
  taskArn: nonEmpty,
  roleType: z.enum(ROLE_TYPES),
  roleArn: nonEmpty,
};

/**
 * `ready`: the credentials have arrived. `uninitialized`: the agent knows the ID but holds no
 * credentials for it yet, which the agent answers with 503 (v1/credentials_handler.go: an entry
 * with an empty ARN and empty credentials, as after a restart before state reconciliation).
 */
const taskSchema = z.discriminatedUnion('state', [
  z.strictObject({ ...taskFields, state: z.literal('ready'), credentials: roleCredentialsSchema }),
  z.strictObject({ ...taskFields, state: z.literal('uninitialized') }),
]);

/**
 * What the agent knows of each task for its task metadata endpoint and introspection API: the
 * task's ARN, family and status, and each container's Docker ID and metadata endpoint ID (its
 * V3EndpointID, in ECS_CONTAINER_METADATA_URI_V4).
 */
const taskMetadataSchema = z.strictObject({
  taskArn: nonEmpty,
  family: nonEmpty,
  revision: nonEmpty,
  status: z.enum(['RUNNING', 'STOPPED']),
  containers: z.array(z.strictObject({ name: nonEmpty, dockerId: nonEmpty, metadataId: nonEmpty })),
});

const fileSchema = z
  .strictObject({
    cluster: nonEmpty,
    containerInstanceArn: nonEmpty,
    /** Semantic version only (`1.61.0`); introspection.ts adds the rest of the agent's version string. */
    agentVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { error: 'must be a version like 1.61.0' }),
    tasks: z.array(taskSchema),
    /** Absent in files written before task metadata was simulated: no task metadata. */
    metadata: z.array(taskMetadataSchema).optional(),
  })
  .superRefine((file, ctx) => {
    // One ID, one entry: the agent's manager keeps a map keyed by ID, so a second entry would
    // silently replace the first; refusing it surfaces the harness bug instead.
    const seen = new Set<string>();
    file.tasks.forEach((task, i) => {
      if (seen.has(task.credentialsId)) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'credentialsId'], message: 'duplicate credentialsId' });
      seen.add(task.credentialsId);
    });
  });

export type CredentialsFile = z.infer<typeof fileSchema>;
export type TaskCredentialsEntry = CredentialsFile['tasks'][number];
export type RoleCredentials = z.infer<typeof roleCredentialsSchema>;

/** The instance identity the agent reports (introspection) and writes into every audit line. */
export interface AgentInstance {
  cluster: string;
  containerInstanceArn: string;
  agentVersion: string;
}

/** The agent's view of the file: the credentials manager's ID → entry map (manager.go `idToTaskCredentials`). */
export interface CredentialsStore {
  instance: AgentInstance;
  tasks: ReadonlyMap<string, TaskCredentialsEntry>;
  /** The tasks the agent knows, for task metadata and introspection. */
  metadata: readonly TaskMetadataEntry[];
}

export type TaskMetadataEntry = z.infer<typeof taskMetadataSchema>;

export type CredentialsFileParse = { ok: true; store: CredentialsStore } | { ok: false; errors: string[] };

/** Parses and validates the whole file, collecting every problem. */
export function parseCredentialsFile(text: string): CredentialsFileParse {
  const parsed = parseJsonWith(fileSchema, text);
  if (!parsed.ok) return parsed;
  const { tasks, metadata, ...instance } = parsed.value;
  return { ok: true, store: { instance, tasks: new Map(tasks.map((task) => [task.credentialsId, task])), metadata: metadata ?? [] } };
}

/** Writes the file's text for a store's content; the harness's side of the format, and the tests'. */
export const formatCredentialsFile = (file: CredentialsFile): string => formatJsonFile(file);
