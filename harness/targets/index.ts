import type { Target, TargetName, TargetOf } from '../scenario/targets.ts';
import { agentIntrospection } from './agent-introspection.ts';
import { assumeRole } from './assume-role.ts';
import { credentialsByIdTarget } from './credentials-by-id.ts';
import { credentialsOf } from './credentials-of.ts';
import { ecsExec } from './ecs-exec.ts';
import { executionCredentialsOf } from './execution-credentials-of.ts';
import { imds } from './imds.ts';
import { imdsCredentials } from './imds-credentials.ts';
import { imdsToken } from './imds-token.ts';
import { ownCredentials } from './own-credentials.ts';
import { s3GetObject } from './s3-get-object.ts';
import { stsIdentity } from './sts-identity.ts';
import { taskMetadata } from './task-metadata.ts';
import type { TargetModule } from './target.ts';

/** Every target, in the order the docs list them; each one module of this folder. */
export const TARGET_MODULES = {
  imds,
  'imds-token': imdsToken,
  'imds-credentials': imdsCredentials,
  'own-credentials': ownCredentials,
  'credentials-of': credentialsOf,
  'execution-credentials-of': executionCredentialsOf,
  'credentials-by-id': credentialsByIdTarget,
  'task-metadata': taskMetadata,
  'sts-identity': stsIdentity,
  'assume-role': assumeRole,
  's3-get-object': s3GetObject,
  'ecs-exec': ecsExec,
  'agent-introspection': agentIntrospection,
} satisfies { [K in TargetName]: TargetModule<TargetOf<K>> };

export function targetModule<T extends Target>(target: T): TargetModule<T> {
  return TARGET_MODULES[target.kind] as unknown as TargetModule<T>;
}

export type { PlannedProbe, PlanContext, StepMemo, TargetModule, TargetProbe, TargetSpec } from './target.ts';
