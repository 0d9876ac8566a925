/**
 * What the mock IMDS answers with. Values follow the shape of the reference mock's defaults
 * (aws/amazon-ec2-metadata-mock `pkg/config/defaults/aemm-metadata-default-values.json`) but are
 * ours: every run gets its own nonce, and credentials are canaries (see ../canary.ts).
 */

/** IMDSv2 token use, as EC2's `HttpTokens` instance option (ECS-FACTS.md, IMDS). */
export type ImdsTokenMode = 'optional' | 'required';

export interface ImdsConfig {
  /** `optional`: v1 GETs without a token work; `required`: every GET needs a valid token. Default `optional`. */
  tokens: ImdsTokenMode;
  /**
   * Name of the instance profile's role. Default `ecs-sim-instance-role`. Absent: the instance has
   * no profile, so everything under `/latest/meta-data/iam/` is 404, as on a real instance.
   */
  instanceRole?: string;
  /** Default `i-0ec5000000000c0de`. */
  instanceId: string;
  /** Default `us-east-1`. */
  region: string;
  /** Default `us-east-1a`. */
  availabilityZone: string;
  /** Default `123456789012` (the account AWS's own documentation uses in examples). */
  accountId: string;
  /** The run's nonce; it goes into every canary credential. No default: the harness makes one per run. */
  nonce: string;
}

export function defaultImdsConfig(nonce: string): ImdsConfig {
  return {
    tokens: 'optional',
    instanceRole: 'ecs-sim-instance-role',
    instanceId: 'i-0ec5000000000c0de',
    region: 'us-east-1',
    availabilityZone: 'us-east-1a',
    accountId: '123456789012',
    nonce,
  };
}

/**
 * Overrides as they arrive in JSON (ECS_SIM_MOCKS_CONFIG). JSON cannot say `undefined`, so
 * `instanceRole: null` is how a caller asks for an instance without a role.
 */
export type ImdsConfigInput = Partial<Omit<ImdsConfig, 'instanceRole' | 'nonce'>> & {
  instanceRole?: string | null;
};

/** Defaults, then the caller's overrides; `instanceRole: null` removes the role. */
export function resolveImdsConfig(nonce: string, input: ImdsConfigInput = {}): ImdsConfig {
  const { instanceRole, ...rest } = input;
  const merged: ImdsConfig = { ...defaultImdsConfig(nonce), ...definedOnly(rest), nonce };
  if (instanceRole === null) delete merged.instanceRole;
  else if (instanceRole !== undefined) merged.instanceRole = instanceRole;
  return merged;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
