import { canaryCredentials, type CanaryCredentials } from '../canary.ts';
import { assumedRoleIdentity, type HeldCredentials } from './identities.ts';

/**
 * The role sessions this STS has handed out by AssumeRole, so that their keys sign later requests
 * (GetCallerIdentity names the new session, S3 judges by the assumed role's policy). In memory:
 * they live as long as the aws-mocks process, as a session outlives nothing here. Canary keys
 * (canary.ts), unique per session.
 */
export interface IssuedSessions {
  issue(session: { account: string; roleName: string; sessionName: string; expiration: Date }): CanaryCredentials & { Expiration: string };
  lookup(accessKeyId: string): HeldCredentials | undefined;
}

export function createIssuedSessions(nonce: string): IssuedSessions {
  const byKey = new Map<string, HeldCredentials & { expiration: Date }>();
  return {
    issue({ account, roleName, sessionName, expiration }) {
      const keys = canaryCredentials(nonce, `session-${roleName}`);
      byKey.set(keys.AccessKeyId, { secretAccessKey: keys.SecretAccessKey, sessionToken: keys.Token, identity: assumedRoleIdentity(account, roleName, sessionName), expiration });
      return { ...keys, Expiration: expiration.toISOString().replace(/\.\d{3}Z$/, 'Z') };
    },
    lookup: (accessKeyId) => byKey.get(accessKeyId),
  };
}
