import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Docker CLI's current context, which testcontainers-node 12.0.1 does not read: DOCKER_CONTEXT,
 * else `currentContext` in $DOCKER_CONFIG/config.json (default ~/.docker). A context's endpoint
 * lives in contexts/meta/<sha256 of its name>/meta.json under `Endpoints.docker.Host`, its TLS
 * files in contexts/tls/<same>/docker/ (docker/cli cli/context/store/metadatastore.go,
 * tlsstore.go). "default" is no context: the CLI then uses DOCKER_HOST or the default socket.
 */
export interface DockerContext {
  name: string;
  host: string;
  /** The folder holding ca.pem, cert.pem, key.pem, when the context has TLS material. */
  tlsDir?: string;
}

export type ContextLookup =
  | { kind: 'none'; why: string }
  | { kind: 'found'; context: DockerContext }
  | { kind: 'broken'; name: string; why: string };

export function currentDockerContext(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): ContextLookup {
  const configDir = env.DOCKER_CONFIG ?? join(home, '.docker');
  let name = env.DOCKER_CONTEXT;
  let from = 'DOCKER_CONTEXT';
  if (!name) {
    const configFile = join(configDir, 'config.json');
    if (!existsSync(configFile)) return { kind: 'none', why: `no DOCKER_CONTEXT and no ${configFile}` };
    try {
      name = (JSON.parse(readFileSync(configFile, 'utf8')) as { currentContext?: string }).currentContext;
    } catch (err) {
      return { kind: 'broken', name: '?', why: `${configFile} is not JSON: ${(err as Error).message}` };
    }
    from = configFile;
    if (!name) return { kind: 'none', why: `${configFile} names no currentContext` };
  }
  if (name === 'default') return { kind: 'none', why: `${from} names the default context` };
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { Endpoints?: { docker?: { Host?: string } } };
    const host = meta.Endpoints?.docker?.Host;
    if (!host) return { kind: 'broken', name, why: `${metaFile} has no Endpoints.docker.Host` };
    const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
    return { kind: 'found', context: { name, host, ...(existsSync(join(tlsDir, 'ca.pem')) ? { tlsDir } : {}) } };
  } catch (err) {
    return { kind: 'broken', name, why: `context "${name}" (from ${from}) cannot be read at ${metaFile}: ${(err as Error).message}` };
  }
}
