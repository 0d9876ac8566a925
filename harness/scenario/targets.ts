import type { VerdictKind } from './verdicts.ts';

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
  | 'sts-identity'
  | 'agent-introspection';

export interface TargetSpec {
  name: TargetName;
  /** `credentials-of` is written `credentials-of:<task>`. */
  parameter?: 'task';
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
    probe: 'GET http://169.254.169.254/latest/meta-data/ (IMDSv1; 401 when tokens are required)',
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2'],
    families: true,
  },
  {
    name: 'imds-token',
    description: 'an IMDSv2 session token can be had (the PUT answer obeys the hop limit)',
    probe: 'PUT http://169.254.169.254/latest/api/token with X-aws-ec2-metadata-token-ttl-seconds: 21600',
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
    description: "another task's role credentials, asked for by that task's credential ID (nothing checks who asks: ECS-FACTS.md)",
    probe: 'GET http://169.254.170.2/v2/credentials/<the named task\'s credential ID>',
    verdicts: ['leaked', 'not-leaked', 'blocked', 'denied'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
    needsRole: 'named-task',
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
export type Target =
  | { kind: Exclude<TargetName, 'credentials-of'>; id: string; family?: IpFamily }
  | { kind: 'credentials-of'; id: string; task: string };

export type ParsedTarget =
  | { ok: true; target: Target }
  | { ok: false; reason: 'unknown'; name: string }
  | { ok: false; reason: 'missing-parameter' | 'unexpected-parameter' | 'no-family' | 'unknown-family'; spec: TargetSpec };

/** Parses a target key; task names and applicability are the caller's checks. */
export function parseTarget(written: string): ParsedTarget {
  const at = written.indexOf('@');
  const id = at === -1 ? written : written.slice(0, at);
  const family = at === -1 ? undefined : written.slice(at + 1);
  const parsed = parseBareTarget(id, written);
  if (!parsed.ok || family === undefined) return parsed;
  const spec = TARGETS.find((t) => t.name === parsed.target.kind)!;
  if (!spec.families || parsed.target.kind === 'credentials-of') return { ok: false, reason: 'no-family', spec };
  if (!(IP_FAMILIES as readonly string[]).includes(family)) return { ok: false, reason: 'unknown-family', spec };
  return { ok: true, target: { ...parsed.target, family: family as IpFamily } };
}

function parseBareTarget(id: string, written: string): ParsedTarget {
  const colon = id.indexOf(':');
  const name = colon === -1 ? id : id.slice(0, colon);
  const param = colon === -1 ? undefined : id.slice(colon + 1);
  const spec = TARGETS.find((t) => t.name === name);
  if (!spec) return { ok: false, reason: 'unknown', name };
  if (spec.parameter && !param) return { ok: false, reason: 'missing-parameter', spec };
  if (!spec.parameter && param !== undefined) return { ok: false, reason: 'unexpected-parameter', spec };
  if (spec.name === 'credentials-of') return { ok: true, target: { kind: 'credentials-of', id: written, task: param as string } };
  return { ok: true, target: { kind: spec.name, id: written } };
}
