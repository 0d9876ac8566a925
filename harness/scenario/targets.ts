import type { VerdictKind } from './verdicts.ts';
import { imdsMetadata, imdsToken, type HttpTarget } from '../probes/http-target.ts';

/** A probe's request as the docs show it, from the request the probe really sends. */
const describeRequest = (t: HttpTarget): string =>
  `${t.method} http://${t.host}${t.path}${Object.entries(t.headers ?? {}).map(([k, v]) => ` with ${k}: ${v}`).join('')}`;

/**
 * The vocabulary of `expect` targets: one table, so that the loader, the runner, the docs and the
 * JSON Schema agree. Each entry says what the probe does, which verdicts it can yield, and from
 * where it can be probed. Addresses and behaviours: ECS-FACTS.md.
 */

/** Where a probe runs: a task in one of the simulated network modes, or the instance itself. */
export type ProbeOrigin = 'bridge' | 'host' | 'awsvpc' | 'instance';
export type InstanceKind = 'ec2' | 'external';

export type TargetName =
  | 'imds'
  | 'imds-token'
  | 'imds-credentials'
  | 'own-credentials'
  | 'credentials-of'
  | 'credentials-by-id'
  | 'execution-credentials-of'
  | 'task-metadata'
  | 'sts-identity'
  | 'assume-role'
  | 's3-get-object'
  | 'ecs-exec'
  | 'agent-introspection';

export interface TargetSpec {
  name: TargetName;
  /** `credentials-of` is written `credentials-of:<task>`, `assume-role:<role>`, `s3-get-object:<object ARN>`. */
  parameter?: 'task' | 'role' | 'object ARN';
  description: string;
  /** The request the probe makes. */
  probe: string;
  verdicts: readonly VerdictKind[];
  from: readonly ProbeOrigin[];
  kinds: readonly InstanceKind[];
  /** A credential the probe needs: the probing task's own role, or the named task's role. */
  needsRole?: 'probing-task' | 'named-task';
  /**
   * IMDS targets: on a dual-stack instance they probe both families and the cell shows the worse;
   * `<target>@ipv4` or `<target>@ipv6` asks one family only.
   */
  families?: true;
}

export type IpFamily = 'ipv4' | 'ipv6';
export const IP_FAMILIES: readonly IpFamily[] = ['ipv4', 'ipv6'];

const EVERYWHERE: readonly ProbeOrigin[] = ['bridge', 'host', 'awsvpc', 'instance'];
const TASKS_ONLY: readonly ProbeOrigin[] = ['bridge', 'host', 'awsvpc'];
const REACH: readonly VerdictKind[] = ['allowed', 'blocked', 'denied'];

export const TARGETS: readonly TargetSpec[] = [
  {
    name: 'imds',
    description: 'the instance metadata service answers a metadata read',
    probe: `${describeRequest(imdsMetadata)} (IMDSv1; 401 when tokens are required)`,
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2'],
    families: true,
  },
  {
    name: 'imds-token',
    description: 'an IMDSv2 session token can be had (the PUT answer obeys the hop limit)',
    probe: describeRequest(imdsToken),
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2'],
    families: true,
  },
  {
    name: 'imds-credentials',
    description: "the instance role's credentials can be read from IMDS",
    probe: 'GET /latest/meta-data/iam/security-credentials/<instance role>, with a token when one can be had (as the SDKs do)',
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2'],
    families: true,
  },
  {
    name: 'own-credentials',
    description: "the task's own role credentials, from the agent's credential endpoint",
    probe: 'GET http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    verdicts: REACH,
    from: TASKS_ONLY,
    kinds: ['ec2', 'external'],
    needsRole: 'probing-task',
  },
  {
    name: 'credentials-of',
    parameter: 'task',
    description: "whether this task, with only what it can reach from inside, can obtain the named task's task-role credentials",
    probe: "the attacker's probe (harness/attack/), run with the task's namespaces, mounts, user and capabilities: /proc/*/environ, a mounted Docker socket, files in its mounts (the agent's data and logs), :51678/v1/tasks, the task metadata endpoint, random IDs; then GET http://169.254.170.2/v2/credentials/<id> for each ID found",
    verdicts: ['leaked', 'not-leaked'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
    needsRole: 'named-task',
  },
  {
    name: 'execution-credentials-of',
    parameter: 'task',
    description: "the same attack for the named task's execution-role credentials (held by the agent, never in the task's environment; kept after the task stops until its cleanup)",
    probe: "as credentials-of, for the execution role's ID (in the agent's state, and in awslogs containers' LogConfig)",
    verdicts: ['leaked', 'not-leaked'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
    needsRole: 'named-task',
  },
  {
    name: 'credentials-by-id',
    parameter: 'task',
    description: "the mechanism, not a finding: the named task's credentials, asked for with its credential ID handed to the probe (nothing checks who asks: ECS-FACTS.md)",
    probe: 'GET http://169.254.170.2/v2/credentials/<the named task\'s credential ID>',
    verdicts: ['leaked', 'not-leaked', 'blocked', 'denied'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
    needsRole: 'named-task',
  },
  {
    name: 'task-metadata',
    description: "the task's own metadata from the task metadata endpoint v4 (task ARN, containers; no credentials)",
    probe: 'GET $ECS_CONTAINER_METADATA_URI_V4/task (http://169.254.170.2/v4/<container metadata ID>/task)',
    verdicts: REACH,
    from: TASKS_ONLY,
    kinds: ['ec2', 'external'],
  },
  {
    name: 'sts-identity',
    description: 'who STS says the caller is, with the credentials the SDK default chain finds',
    probe: 'sts:GetCallerIdentity via the AWS SDK default credential chain',
    verdicts: ['identity', 'blocked', 'denied'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
  },
  {
    name: 'assume-role',
    parameter: 'role',
    description: "whether the caller may assume the named role: STS decides by that role's trust policy, with the caller's session as principal",
    probe: 'sts:AssumeRole on arn:aws:iam::<account>:role/<role> via the AWS SDK default credential chain',
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
  },
  {
    name: 's3-get-object',
    parameter: 'object ARN',
    description: "whether the caller's effective permissions let it read the object (a roleless task falls back to the instance role, as its SDK does)",
    probe: 's3:GetObject (path-style) via the AWS SDK default credential chain; the mock S3 answers from the caller\'s permission policy',
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
  },
  {
    name: 'ecs-exec',
    description: 'whether ECS Exec could open its channels: the four ssmmessages actions, with the credentials the task\'s SSM agent would use',
    probe: 'ssmmessages CreateControlChannel, CreateDataChannel, OpenControlChannel, OpenDataChannel, SigV4-signed with the default chain\'s credentials',
    verdicts: REACH,
    from: TASKS_ONLY,
    kinds: ['ec2', 'external'],
  },
  {
    name: 'agent-introspection',
    description: "the agent's introspection API (ecs-init drops it from off-host unless ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS)",
    probe: 'GET http://<instance address>:51678/v1/metadata',
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
  },
];

export const TARGET_NAMES: readonly TargetName[] = TARGETS.map((t) => t.name);

/** How each target is written in a file: `imds`, `credentials-of:<task>`. */
export const targetSpelling = (spec: TargetSpec): string => (spec.parameter ? `${spec.name}:<${spec.parameter}>` : spec.name);

export function targetSpec(name: TargetName): TargetSpec {
  const spec = TARGETS.find((t) => t.name === name);
  if (!spec) throw new Error(`no target spec for ${name}`);
  return spec;
}

/** A parsed target: what the runner probes. `id` is the key as written; `family` one IP family only. */
/** The targets written `<name>:<task>`. */
export type TaskTargetName = 'credentials-of' | 'execution-credentials-of' | 'credentials-by-id';
export const TASK_TARGETS: readonly TaskTargetName[] = ['credentials-of', 'execution-credentials-of', 'credentials-by-id'];
export const isTaskTarget = (name: string): name is TaskTargetName => (TASK_TARGETS as readonly string[]).includes(name);

export type Target =
  | { kind: Exclude<TargetName, TaskTargetName | 'assume-role' | 's3-get-object'>; id: string; family?: IpFamily }
  | { kind: TaskTargetName; id: string; task: string }
  | { kind: 'assume-role'; id: string; role: string }
  /** `arn:aws:s3:::<bucket>/<key>`, or `<bucket>/<key>` for short. */
  | { kind: 's3-get-object'; id: string; bucket: string; key: string };

export type ParsedTarget =
  | { ok: true; target: Target }
  | { ok: false; reason: 'unknown'; name: string }
  | { ok: false; reason: 'missing-parameter' | 'unexpected-parameter' | 'bad-parameter' | 'no-family' | 'unknown-family'; spec: TargetSpec };

/** Parses a target key; task names and applicability are the caller's checks. */
export function parseTarget(written: string): ParsedTarget {
  const at = written.indexOf('@');
  const id = at === -1 ? written : written.slice(0, at);
  const family = at === -1 ? undefined : written.slice(at + 1);
  const parsed = parseBareTarget(id, written);
  if (!parsed.ok || family === undefined) return parsed;
  const spec = TARGETS.find((t) => t.name === parsed.target.kind)!;
  const t = parsed.target;
  if (!spec.families || 'task' in t || 'role' in t || 'bucket' in t) return { ok: false, reason: 'no-family', spec };
  if (!(IP_FAMILIES as readonly string[]).includes(family)) return { ok: false, reason: 'unknown-family', spec };
  return { ok: true, target: { ...t, family: family as IpFamily } };
}

function parseBareTarget(id: string, written: string): ParsedTarget {
  const colon = id.indexOf(':');
  const name = colon === -1 ? id : id.slice(0, colon);
  const param = colon === -1 ? undefined : id.slice(colon + 1);
  const spec = TARGETS.find((t) => t.name === name);
  if (!spec) return { ok: false, reason: 'unknown', name };
  if (spec.parameter && !param) return { ok: false, reason: 'missing-parameter', spec };
  if (!spec.parameter && param !== undefined) return { ok: false, reason: 'unexpected-parameter', spec };
  if (isTaskTarget(spec.name)) return { ok: true, target: { kind: spec.name, id: written, task: param as string } };
  if (spec.name === 'assume-role') return { ok: true, target: { kind: 'assume-role', id: written, role: param as string } };
  if (spec.name === 's3-get-object') {
    const object = /^(?:arn:aws[a-z-]*:s3:::)?([^/]+)\/(.+)$/.exec(param as string);
    if (!object) return { ok: false, reason: 'bad-parameter', spec };
    return { ok: true, target: { kind: 's3-get-object', id: written, bucket: object[1] as string, key: object[2] as string } };
  }
  return { ok: true, target: { kind: spec.name, id: written } };
}
