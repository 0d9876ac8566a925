import type { CanaryCredentials } from '../canary.ts';
import type { IdentitiesSource } from './identities-reader.ts';

/** Who a caller is, as GetCallerIdentity reports it. Nothing secret: it may be logged. */
export interface CallerIdentity {
  /** e.g. `arn:aws:sts::123456789012:assumed-role/app/0123456789abcdef0123456789abcdef` */
  arn: string;
  /** `<role id>:<session name>` for an assumed role (the `aws:userid` of IAM's principal table). */
  userId: string;
  account: string;
}

/** One set of credentials the mock STS knows: the secrets a signature is checked against, and whose they are. */
export interface HeldCredentials {
  secretAccessKey: string;
  /** Present for temporary credentials; the request must then carry it as `x-amz-security-token`. */
  sessionToken?: string;
  identity: CallerIdentity;
}

/** What looking an access key id up came to. `unavailable`: the identities file is broken. */
export type IdentityLookup =
  | { state: 'found'; credentials: HeldCredentials }
  | { state: 'unknown' }
  | { state: 'unavailable'; errors: string[] };

/** The registry of who holds which credentials: access key id → holder. */
export type IdentityRegistry = (accessKeyId: string) => IdentityLookup;

/**
 * A role's unique id. Real ones are `AROA` + 17 upper-case alphanumerics, a shape secret scanners
 * flag; ours is stable per role name and says it is made up (see canary.ts for why).
 */
export function roleId(roleName: string): string {
  return `ECSSIMROLE-${roleName}`;
}

/**
 * An assumed role's identity: `arn:aws:sts::<account>:assumed-role/<role>/<session>`, user id
 * `<role id>:<session>` (STS API Reference, GetCallerIdentity example 2; ECS-FACTS.md, AWS SDK
 * and CLI as clients: ECS uses the task ID as the session name).
 */
export function assumedRoleIdentity(account: string, roleName: string, sessionName: string): CallerIdentity {
  return {
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
    userId: `${roleId(roleName)}:${sessionName}`,
    account,
  };
}

/** The instance profile's role: EC2 names its session after the instance id. */
export interface InstanceRoleHolder {
  keys: CanaryCredentials;
  roleName: string;
  instanceId: string;
  account: string;
}

/** Where the registry looks; any may be absent (no instance role; no identities file; no AssumeRole yet). */
export interface RegistrySources {
  instanceRole?: InstanceRoleHolder;
  taskIdentities?: IdentitiesSource;
  /** Sessions this STS issued by AssumeRole (sessions.ts). */
  sessions?: { lookup(accessKeyId: string): HeldCredentials | undefined };
}

/** The role and session an assumed-role identity names, from its ARN. */
export function parseAssumedRole(identity: CallerIdentity): { account: string; roleName: string; sessionName: string } | undefined {
  const m = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(identity.arn);
  return m ? { account: m[1] as string, roleName: m[2] as string, sessionName: m[3] as string } : undefined;
}

/**
 * The instance role is looked up first: its keys are fixed for the life of the IMDS state
 * (imds/state.ts), so they need no file. Every other key is looked up in the identities file as
 * it is at this request.
 */
export function createIdentityRegistry(sources: RegistrySources): IdentityRegistry {
  const instance = sources.instanceRole;
  const instanceRole =
    instance === undefined
      ? undefined
      : {
          accessKeyId: instance.keys.AccessKeyId,
          credentials: {
            secretAccessKey: instance.keys.SecretAccessKey,
            sessionToken: instance.keys.Token,
            identity: assumedRoleIdentity(instance.account, instance.roleName, instance.instanceId),
          } satisfies HeldCredentials,
        };
  return (accessKeyId) => {
    if (instanceRole !== undefined && accessKeyId === instanceRole.accessKeyId) return { state: 'found', credentials: instanceRole.credentials };
    const issued = sources.sessions?.lookup(accessKeyId);
    if (issued !== undefined) return { state: 'found', credentials: issued };
    const read = sources.taskIdentities?.() ?? { state: 'absent' as const };
    switch (read.state) {
      case 'absent':
        return { state: 'unknown' };
      case 'invalid':
        return { state: 'unavailable', errors: read.errors };
      case 'ready': {
        const entry = read.byKey.get(accessKeyId);
        if (entry === undefined) return { state: 'unknown' };
        return {
          state: 'found',
          credentials: {
            secretAccessKey: entry.secretAccessKey,
            sessionToken: entry.sessionToken,
            identity: assumedRoleIdentity(entry.account, entry.roleName, entry.sessionName),
          },
        };
      }
    }
  };
}
