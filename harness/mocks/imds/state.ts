import { randomBytes } from 'node:crypto';
import { canaryCredentials, type CanaryCredentials } from '../canary.ts';
import type { ImdsConfig } from './config.ts';

/**
 * Everything one mock IMDS remembers. One object per server (createImds makes it), never module
 * state: the reference mock keeps its tokens in a package-level map
 * (aws/amazon-ec2-metadata-mock `pkg/mock/imdsv2/tokengenerator.go`), which STYLE.md asks us not to copy.
 */
export interface ImdsState {
  readonly tokens: TokenStore;
  /** Absent when the config has no instance role. */
  readonly instanceRole: InstanceRoleCredentials | undefined;
  /** When this mock "launched"; the identity document's pendingTime. */
  readonly startedAt: Date;
}

export function createImdsState(config: ImdsConfig, startedAt: Date = new Date()): ImdsState {
  return {
    tokens: new TokenStore(),
    startedAt,
    instanceRole:
      config.instanceRole === undefined
        ? undefined
        : new InstanceRoleCredentials(config.instanceRole, canaryCredentials(config.nonce, 'instance-role')),
  };
}

/** What a presented `x-aws-ec2-metadata-token` turned out to be. */
export type TokenCheck =
  | { state: 'absent' }
  | { state: 'valid'; expiresAt: Date }
  | { state: 'expired'; expiredAt: Date }
  | { state: 'unknown' };

/** Bound on remembered tokens, so a loop of PUTs cannot grow the mock without limit. */
const MAX_TOKENS = 10_000;

export class TokenStore {
  /** token → expiry (ms since epoch); Map order is issue order, so the oldest is first. */
  readonly #expiries = new Map<string, number>();

  /** Issues a token valid for `ttlSeconds` from `now`. */
  issue(ttlSeconds: number, now: Date): string {
    for (const [token, expiry] of this.#expiries) if (expiry <= now.getTime()) this.#expiries.delete(token);
    while (this.#expiries.size >= MAX_TOKENS) {
      const oldest = this.#expiries.keys().next();
      if (oldest.done) break;
      this.#expiries.delete(oldest.value);
    }
    // 32 random bytes, base64: the reference mock's token shape (tokengenerator.go).
    const token = randomBytes(32).toString('base64');
    this.#expiries.set(token, now.getTime() + ttlSeconds * 1000);
    return token;
  }

  /**
   * A token is expired once `now - issued >= ttl`, as the reference's tokenvalidator.go computes
   * it; like the reference, an expired token is forgotten when it is seen.
   */
  check(token: string | undefined, now: Date): TokenCheck {
    if (token === undefined || token === '') return { state: 'absent' };
    const expiry = this.#expiries.get(token);
    if (expiry === undefined) return { state: 'unknown' };
    if (now.getTime() >= expiry) {
      this.#expiries.delete(token);
      return { state: 'expired', expiredAt: new Date(expiry) };
    }
    return { state: 'valid', expiresAt: new Date(expiry) };
  }

  get size(): number {
    return this.#expiries.size;
  }
}

/** The validity window of the instance role's credentials as served at some moment. */
export interface RoleCredentialsView {
  roleName: string;
  keys: CanaryCredentials;
  lastUpdated: Date;
  expiration: Date;
}

const LIFETIME_MS = 6 * 3600_000;
/** EC2 makes new role credentials available at least 5 minutes before the old ones expire (EC2 guide, "IAM roles for Amazon EC2"). */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * The instance role's credentials. The keys are made once per server and never change, so that a
 * leak is an exact match for the whole run (DESIGN.md principle 6); only LastUpdated/Expiration
 * move forward, lazily, when a request arrives within 5 minutes of expiry. A deliberate
 * difference from EC2, which rotates the keys themselves.
 */
export class InstanceRoleCredentials {
  #window: { lastUpdated: Date; expiration: Date } | undefined;

  constructor(
    readonly roleName: string,
    readonly keys: CanaryCredentials,
  ) {}

  at(now: Date): RoleCredentialsView {
    if (this.#window === undefined || now.getTime() >= this.#window.expiration.getTime() - RENEW_BEFORE_MS) {
      this.#window = { lastUpdated: now, expiration: new Date(now.getTime() + LIFETIME_MS) };
    }
    return { roleName: this.roleName, keys: this.keys, ...this.#window };
  }
}
