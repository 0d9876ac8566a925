import type { VerdictKind } from './verdicts.ts';
import { TARGET_MODULES } from '../targets/index.ts';
import type { TargetSpec } from '../targets/target.ts';

export type { TargetSpec } from '../targets/target.ts';

/**
 * The vocabulary of `expect` targets as the loader parses it. What each target is and how it is
 * probed lives in its own module under harness/targets/; the specs below come from there, so the
 * loader, the runner, the docs and the JSON Schema agree.
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

export type IpFamily = 'ipv4' | 'ipv6';
export const IP_FAMILIES: readonly IpFamily[] = ['ipv4', 'ipv6'];

/**
 * Every target's spec, from its module (harness/targets/): the loader, the JSON Schema and the
 * README's table are made from these.
 */
export const TARGETS: readonly TargetSpec[] = Object.values(TARGET_MODULES).map((m) => m.spec);

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

/** The parsed form of one target kind. */
export type TargetOf<K extends TargetName> = Target & { kind: K };
