import type { Imds } from '../imds/handler.ts';
import { createSts, type Sts } from './handler.ts';
import { createIdentityRegistry, type InstanceRoleHolder } from './identities.ts';
import { createIdentitiesReader } from './identities-reader.ts';

/** The `sts` part of ECS_SIM_MOCKS_CONFIG that shapes the service (mocks-config.ts `StsMocksConfig`). */
export interface StsServiceConfig {
  /** The task identities file (identities-file.ts); need not exist yet. */
  identitiesFile: string;
  /** Account of the instance role's identity. Default: the IMDS account (its identity document's). */
  account?: string;
}

/**
 * The mock STS of one aws-mocks process: it knows the instance role's credentials from the IMDS
 * of the same process (the very keys IMDS serves, imds/state.ts) and every task's from the
 * identities file, read again whenever the harness replaces it.
 */
export function createStsForImds(imds: Imds, config: StsServiceConfig): Sts {
  const role = imds.state.instanceRole;
  const instanceRole: InstanceRoleHolder | undefined =
    role === undefined
      ? undefined
      : { keys: role.keys, roleName: role.roleName, instanceId: imds.config.instanceId, account: config.account ?? imds.config.accountId };
  const registry = createIdentityRegistry({
    ...(instanceRole === undefined ? {} : { instanceRole }),
    taskIdentities: createIdentitiesReader(config.identitiesFile),
  });
  return createSts({ registry });
}
