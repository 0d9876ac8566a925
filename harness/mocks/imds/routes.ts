import type { ImdsConfig } from './config.ts';
import type { ImdsState } from './state.ts';

/**
 * The IMDS paths this mock serves, as data: full path → value at `now`. Directory listings are
 * not written here; listing.ts derives them from these paths, so the two cannot disagree.
 * Paths and value shapes follow the reference mock's defaults (aws/amazon-ec2-metadata-mock
 * `pkg/config/defaults/aemm-metadata-default-values.json`) and ECS-FACTS.md (IMDS).
 */
export type ImdsValue = { kind: 'text'; text: string } | { kind: 'json'; json: unknown };
export type ImdsRoutes = ReadonlyMap<string, (now: Date) => ImdsValue>;

const text = (value: string) => (): ImdsValue => ({ kind: 'text', text: value });

/** IMDS timestamps are ISO 8601 to the second with a `Z`: `2020-04-02T18:50:40Z` (reference defaults). */
export function imdsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function imdsRoutes(config: ImdsConfig, state: ImdsState): ImdsRoutes {
  const md = '/latest/meta-data';
  const routes = new Map<string, (now: Date) => ImdsValue>([
    // The version and category lists are fixed texts without `/`, as the reference's
    // ListRoutesHandler (pkg/mock/handlers/handlers.go) answers `/` and `/latest`.
    ['/', text('latest')],
    ['/latest', text('dynamic\nmeta-data')],
    [`${md}/ami-id`, text('ami-0ec5000000000c0de')],
    [`${md}/ami-launch-index`, text('0')],
    [`${md}/hostname`, text('ip-192-0-2-10.ec2.internal')],
    [`${md}/local-hostname`, text('ip-192-0-2-10.ec2.internal')],
    [`${md}/instance-id`, text(config.instanceId)],
    [`${md}/instance-type`, text('m5.large')],
    [`${md}/placement/availability-zone`, text(config.availabilityZone)],
    [`${md}/placement/region`, text(config.region)],
    [`${md}/services/domain`, text('amazonaws.com')],
    [`${md}/services/partition`, text('aws')],
    ['/latest/dynamic/instance-identity/document', () => ({ kind: 'json', json: identityDocument(config, state) })],
  ]);
  const role = state.instanceRole;
  // No role, no `iam/` subtree at all: on EC2 an instance without a profile answers 404 there.
  if (role !== undefined) {
    routes.set(`${md}/iam/info`, (now) => {
      const view = role.at(now);
      return {
        kind: 'json',
        json: {
          Code: 'Success',
          LastUpdated: imdsTimestamp(view.lastUpdated),
          InstanceProfileArn: `arn:aws:iam::${config.accountId}:instance-profile/${role.roleName}`,
          // Real ids look like `AIPA` + 17 characters, a shape secret scanners know; ours does not (canary.ts).
          InstanceProfileId: 'ECSSIM-instance-profile',
        },
      };
    });
    routes.set(`${md}/iam/security-credentials/${role.roleName}`, (now) => {
      const view = role.at(now);
      return {
        kind: 'json',
        json: {
          Code: 'Success',
          LastUpdated: imdsTimestamp(view.lastUpdated),
          Type: 'AWS-HMAC',
          AccessKeyId: view.keys.AccessKeyId,
          SecretAccessKey: view.keys.SecretAccessKey,
          Token: view.keys.Token,
          Expiration: imdsTimestamp(view.expiration),
        },
      };
    });
  }
  return routes;
}

/** `/latest/dynamic/instance-identity/document`: the reference's field set, with our values. */
function identityDocument(config: ImdsConfig, state: ImdsState): Record<string, unknown> {
  return {
    accountId: config.accountId,
    architecture: 'x86_64',
    availabilityZone: config.availabilityZone,
    billingProducts: null,
    devpayProductCodes: null,
    marketplaceProductCodes: null,
    imageId: 'ami-0ec5000000000c0de',
    instanceId: config.instanceId,
    instanceType: 'm5.large',
    kernelId: null,
    pendingTime: imdsTimestamp(state.startedAt),
    privateIp: '192.0.2.10',
    ramdiskId: null,
    region: config.region,
    version: '2017-09-30',
  };
}
