import type { ImdsConfigInput } from './imds/config.ts';
import type { ListenAddress } from './listen.ts';
import type { StsServiceConfig } from './sts/service.ts';

/** What the aws-mocks container is told, as JSON in ECS_SIM_MOCKS_CONFIG (read by main.ts). */
export interface MocksConfig {
  /** The run's nonce: in every canary and in `x-ecs-sim-nonce` on every answer. */
  nonce: string;
  /** Overrides of the IMDS defaults (imds/config.ts); `instanceRole: null` means no role. Default `{}`. */
  imds: ImdsConfigInput;
  /** Where IMDS listens, e.g. `[{ "host": "169.254.169.254", "port": 80 }]`. */
  imdsListen: ListenAddress[];
  /** File that gets one JSON line per request; only the harness reads it (docker exec). */
  requestLogFile: string;
  /** The mock STS (sts/service.ts). Default: absent, no STS is served. */
  sts?: StsMocksConfig;
}

/**
 * Where and how the mock STS serves, e.g.
 * `{ "listen": [{ "host": "172.30.0.2", "port": 80 }], "identitiesFile": "/run/ecs-sim/sts/identities.json" }`.
 * The harness gives it the mocks container's own link address; never 169.254.169.254, which is IMDS's.
 */
export interface StsMocksConfig extends StsServiceConfig {
  listen: ListenAddress[];
}

export type MocksConfigParse = { ok: true; config: MocksConfig } | { ok: false; errors: string[] };

const TOP_KEYS = ['nonce', 'imds', 'imdsListen', 'requestLogFile', 'sts'];
const IMDS_STRINGS = ['instanceId', 'region', 'availabilityZone', 'accountId'] as const;

/**
 * Parses and checks the whole config, collecting every error before giving up (as netassert
 * validates its test cases), so one run of the container shows everything that is wrong.
 */
export function parseMocksConfig(text: string | undefined): MocksConfigParse {
  if (text === undefined || text.trim() === '') return { ok: false, errors: ['ECS_SIM_MOCKS_CONFIG is not set'] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`ECS_SIM_MOCKS_CONFIG is not JSON: ${(err as Error).message}`] };
  }
  if (!isObject(raw)) return { ok: false, errors: ['ECS_SIM_MOCKS_CONFIG must be a JSON object'] };
  const errors: string[] = [];
  for (const key of Object.keys(raw)) if (!TOP_KEYS.includes(key)) errors.push(`unknown field "${key}"`);
  // The nonce becomes an HTTP header value and part of every canary: keep it to a safe alphabet.
  if (typeof raw.nonce !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(raw.nonce)) {
    errors.push('nonce must be 1-128 characters of A-Z a-z 0-9 . _ -');
  }
  if (typeof raw.requestLogFile !== 'string' || raw.requestLogFile === '') errors.push('requestLogFile must be a non-empty path');
  const listen = raw.imdsListen;
  if (!Array.isArray(listen) || listen.length === 0) errors.push('imdsListen must be a non-empty array of {host, port}');
  else listen.forEach((item, i) => errors.push(...listenErrors(item, `imdsListen[${i}]`)));
  const imds = raw.imds ?? {};
  if (!isObject(imds)) errors.push('imds must be an object');
  else errors.push(...imdsErrors(imds));
  if (raw.sts !== undefined) errors.push(...stsErrors(raw.sts));
  if (errors.length > 0) return { ok: false, errors };
  const valid = raw as Omit<MocksConfig, 'imds'>;
  return {
    ok: true,
    config: {
      nonce: valid.nonce,
      imds: imds as ImdsConfigInput,
      imdsListen: valid.imdsListen,
      requestLogFile: valid.requestLogFile,
      ...(valid.sts === undefined ? {} : { sts: valid.sts }),
    },
  };
}

function listenErrors(item: unknown, where: string): string[] {
  if (!isObject(item)) return [`${where} must be an object {host, port}`];
  const errors: string[] = [];
  if (typeof item.host !== 'string' || item.host === '') errors.push(`${where}.host must be a non-empty string`);
  const port = item.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    errors.push(`${where}.port must be an integer in 0..65535`);
  }
  return errors;
}

function imdsErrors(imds: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const known = ['tokens', 'instanceRole', ...IMDS_STRINGS];
  for (const key of Object.keys(imds)) if (!known.includes(key)) errors.push(`imds: unknown field "${key}"`);
  if (imds.tokens !== undefined && imds.tokens !== 'optional' && imds.tokens !== 'required') {
    errors.push('imds.tokens must be "optional" or "required"');
  }
  // IAM role names: 1-64 of letters, digits and +=,.@_- (IAM User Guide, "IAM object quotas").
  const role = imds.instanceRole;
  if (role !== undefined && role !== null && (typeof role !== 'string' || !/^[\w+=,.@-]{1,64}$/.test(role))) {
    errors.push('imds.instanceRole must be an IAM role name (1-64 of A-Z a-z 0-9 + = , . @ _ -) or null');
  }
  for (const key of IMDS_STRINGS) {
    const value = imds[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) errors.push(`imds.${key} must be a non-empty string`);
  }
  if (typeof imds.accountId === 'string' && !/^\d{12}$/.test(imds.accountId)) errors.push('imds.accountId must be 12 digits');
  return errors;
}

function stsErrors(sts: unknown): string[] {
  if (!isObject(sts)) return ['sts must be an object {listen, identitiesFile, account?}'];
  const errors: string[] = [];
  for (const key of Object.keys(sts)) if (!['listen', 'identitiesFile', 'account', 'policiesFile', 'auditFile'].includes(key)) errors.push(`sts: unknown field "${key}"`);
  for (const key of ['policiesFile', 'auditFile'] as const) {
    if (sts[key] !== undefined && (typeof sts[key] !== 'string' || sts[key] === '')) errors.push(`sts.${key} must be a non-empty path`);
  }
  if (!Array.isArray(sts.listen) || sts.listen.length === 0) errors.push('sts.listen must be a non-empty array of {host, port}');
  else {
    sts.listen.forEach((item, i) => {
      errors.push(...listenErrors(item, `sts.listen[${i}]`));
      // IMDS's address answers IMDS paths; an STS there would be a mock no real endpoint resembles.
      if (isObject(item) && item.host === IMDS_ADDRESS) errors.push(`sts.listen[${i}].host must not be ${IMDS_ADDRESS}, the IMDS address`);
    });
  }
  if (typeof sts.identitiesFile !== 'string' || sts.identitiesFile === '') errors.push('sts.identitiesFile must be a non-empty path');
  if (sts.account !== undefined && (typeof sts.account !== 'string' || !/^\d{12}$/.test(sts.account))) errors.push('sts.account must be 12 digits');
  return errors;
}

const IMDS_ADDRESS = '169.254.169.254';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
