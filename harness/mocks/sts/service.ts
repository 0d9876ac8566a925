import { appendFileSync } from 'node:fs';
import type { AuditSink } from '../audit.ts';
import { createAwsApi } from '../aws-api.ts';
import type { Handler } from '../http-types.ts';
import { createPoliciesReader } from '../iam/policies-file.ts';
import type { Imds } from '../imds/handler.ts';
import { createS3 } from '../s3/handler.ts';
import { createSsmMessages } from '../ssmmessages/handler.ts';
import { createSts } from './handler.ts';
import { createIdentityRegistry, type InstanceRoleHolder } from './identities.ts';
import { createIdentitiesReader } from './identities-reader.ts';
import { createIssuedSessions } from './sessions.ts';

/** The `sts` part of ECS_SIM_MOCKS_CONFIG that shapes the service (mocks-config.ts `StsMocksConfig`). */
export interface StsServiceConfig {
  /** The task identities file (identities-file.ts); need not exist yet. */
  identitiesFile: string;
  /** Account of the instance role's identity. Default: the IMDS account (its identity document's). */
  account?: string;
  /** The roles' policies (harness/mocks/iam/policies-file.ts); need not exist yet. Absent: AssumeRole and S3 refuse everything. */
  policiesFile?: string;
  /** Where the CloudTrail-like records go (audit.ts), one JSON line each. Absent: none are kept. */
  auditFile?: string;
}

/**
 * The AWS APIs of one aws-mocks process, STS and S3 on one endpoint (aws-api.ts): they know the
 * instance role's credentials from the IMDS of the same process (the very keys IMDS serves,
 * imds/state.ts), every task's from the identities file (read again whenever the harness
 * replaces it), and the sessions STS issues by AssumeRole; both decide by the roles' policies.
 */
export function createStsForImds(imds: Imds, config: StsServiceConfig, nonce: string): { handle: Handler } {
  const role = imds.state.instanceRole;
  const instanceRole: InstanceRoleHolder | undefined =
    role === undefined
      ? undefined
      : { keys: role.keys, roleName: role.roleName, instanceId: imds.config.instanceId, account: config.account ?? imds.config.accountId };
  const sessions = createIssuedSessions(nonce);
  const registry = createIdentityRegistry({
    ...(instanceRole === undefined ? {} : { instanceRole }),
    taskIdentities: createIdentitiesReader(config.identitiesFile),
    sessions,
  });
  const policies = config.policiesFile ? createPoliciesReader(config.policiesFile) : () => ({ state: 'absent' as const });
  const audit: AuditSink | undefined = config.auditFile ? auditAppender(config.auditFile) : undefined;
  const sts = createSts({ registry, assumeRole: { policies, sessions }, ...(audit ? { audit } : {}) });
  const s3 = createS3({ registry, policies, nonce, ...(audit ? { audit } : {}) });
  const ssmmessages = createSsmMessages({ registry, policies, nonce, ...(audit ? { audit } : {}) });
  return { handle: createAwsApi({ sts: sts.handle, s3: s3.handle, ssmmessages: ssmmessages.handle }) };
}

/** Synchronous, as the request log is: the record is on disk before the client has its answer. */
const auditAppender =
  (file: string): AuditSink =>
  (record) =>
    appendFileSync(file, `${JSON.stringify(record)}\n`);
