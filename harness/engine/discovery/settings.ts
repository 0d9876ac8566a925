import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import propertiesReader from 'properties-reader';

/**
 * Where the user said their engine is, read afresh on every call, from the same places and with
 * the same precedence as testcontainers-node 12.0.1 (build/container-runtime/strategies/utils/
 * config.js): ~/.testcontainers.properties (`tc.host`, `docker.host`, `docker.tls.verify`,
 * `docker.cert.path`, parsed with the same properties-reader), overridden by DOCKER_HOST,
 * DOCKER_TLS_VERIFY, DOCKER_CERT_PATH. Testcontainers reads these once per process and caches
 * them; ecs-sim reads them per connection, so that a changed DOCKER_HOST counts.
 */
export interface EngineSettings {
  /** `tc.host` from the properties file (Testcontainers Desktop/Cloud): first, and no TESTCONTAINERS_HOST_OVERRIDE. */
  tcHost?: string;
  /** DOCKER_HOST, else `docker.host` from the properties file. */
  dockerHost?: { uri: string; from: 'DOCKER_HOST' | '~/.testcontainers.properties docker.host' };
  tlsVerify?: string;
  certPath?: string;
  /** TESTCONTAINERS_HOST_OVERRIDE: the host name where the engine's published ports are reached. */
  hostOverride?: string;
  propertiesFile: string;
}

export function readEngineSettings(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): EngineSettings {
  const propertiesFile = join(home, '.testcontainers.properties');
  const props = existsSync(propertiesFile) ? propertiesReader({ sourceFile: '' }).read(readFileSync(propertiesFile, 'utf8')) : undefined;
  const prop = (key: string): string | undefined => {
    const v = props?.get(key);
    return v === null || v === undefined ? undefined : String(v);
  };
  const fileHost = prop('docker.host');
  const tcHost = prop('tc.host');
  const tlsVerify = env.DOCKER_TLS_VERIFY ?? prop('docker.tls.verify');
  const certPath = env.DOCKER_CERT_PATH ?? prop('docker.cert.path');
  return {
    propertiesFile,
    ...(tcHost ? { tcHost } : {}),
    ...(env.DOCKER_HOST
      ? { dockerHost: { uri: env.DOCKER_HOST, from: 'DOCKER_HOST' as const } }
      : fileHost
        ? { dockerHost: { uri: fileHost, from: '~/.testcontainers.properties docker.host' as const } }
        : {}),
    ...(tlsVerify !== undefined ? { tlsVerify } : {}),
    ...(certPath !== undefined ? { certPath } : {}),
    ...(env.TESTCONTAINERS_HOST_OVERRIDE ? { hostOverride: env.TESTCONTAINERS_HOST_OVERRIDE } : {}),
  };
}
