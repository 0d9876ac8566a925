import Docker from 'dockerode';
import createDebug from 'debug';
import { EcsSimError, withTimeout } from '../errors.ts';
import { engineCandidates, type EngineCandidate } from './discovery/candidates.ts';
import { readEngineSettings } from './discovery/settings.ts';

const debug = createDebug('ecs-sim:engine');

/** The engine ecs-sim found, and how. */
export interface DiscoveredEngine {
  docker: Docker;
  /** Its address, e.g. unix:///var/run/docker.sock or tcp://10.0.0.5:2375. */
  uri: string;
  /** What named it: DOCKER_HOST, a Docker context, a testcontainers strategy, ... */
  source: string;
  /** The host name where its published ports are reached (testcontainers' resolveHost, TESTCONTAINERS_HOST_OVERRIDE first). */
  host: string;
}

/**
 * ecs-sim starts no Testcontainers container, so it never needs Ryuk (its own labels and `gc`
 * reap what it makes). But a vitest file that uses the builder (harness/testcontainers/) beside
 * the user's own GenericContainers runs in one process, and Ryuk's image cannot be pulled on an
 * offline runner (DESIGN.md "testcontainers here"): there, the first GenericContainer would fail
 * on the pull. Set only when unset: TESTCONTAINERS_RYUK_DISABLED=false keeps Ryuk.
 */
export function disableRyukUnlessSet(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
}

/**
 * Finds the outer Docker engine the way the user's Testcontainers tests do (harness/engine/
 * discovery/: tc.host and docker.host in ~/.testcontainers.properties, DOCKER_HOST, the Docker
 * CLI's current context, /var/run/docker.sock, the rootless sockets), and proves it answers
 * /_ping within `timeoutMs` (default 10 s) overall.
 *
 * One difference from testcontainers-node, on purpose: an engine the user named (tc.host,
 * DOCKER_HOST, docker.host, a context) that does not answer is an error. Testcontainers would go
 * on to the next strategy and use the local socket, so a run meant for a remote engine would
 * quietly run, and report, on another one.
 */
export async function discoverEngine(opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; home?: string } = {}): Promise<DiscoveredEngine> {
  const env = opts.env ?? process.env;
  disableRyukUnlessSet(env);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const settings = readEngineSettings(env, opts.home);
  const { candidates, skipped } = await engineCandidates(settings, env, opts.home);
  const named = candidates.find((c) => c.explicit);
  const tried = named ? [named] : candidates;
  const failures: string[] = [];
  for (const candidate of tried) {
    const docker = new Docker(candidate.options);
    try {
      await withTimeout(`the Docker engine at ${candidate.uri} (${candidate.source}) to answer /_ping`, Math.max(1, deadline - Date.now()), docker.ping());
      debug('engine %s (%s) answers', candidate.uri, candidate.source);
      return { docker, uri: candidate.uri, source: candidate.source, host: hostOf(candidate, settings.hostOverride) };
    } catch (err) {
      debug('engine %s (%s) does not answer: %s', candidate.uri, candidate.source, (err as Error).message);
      failures.push(`${candidate.uri} (${candidate.source}): ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const where = tried.map((c) => c.uri).join(', ') || 'no address';
  const lines = [...failures.map((f) => `tried ${f}`), ...(named ? [`not tried: anything else, since ${named.source} names this engine`] : skipped.map((s) => `looked for ${s}`))];
  throw new EcsSimError('ENGINE_UNAVAILABLE', `no Docker engine answers at ${where}\n${lines.map((l) => `  ${l}`).join('\n')}`, {
    kind: 'environment',
    fix: named
      ? `start one (\`bash scripts/ensure-docker.sh\` installs and starts Debian's docker.io when run as root), or point ${named.source} at an engine that runs`
      : "start one (`bash scripts/ensure-docker.sh` installs and starts Debian's docker.io when run as root), or set DOCKER_HOST (or docker.host in ~/.testcontainers.properties)",
  });
}

/** testcontainers-node's resolveHost (build/container-runtime/utils/resolve-host.js), without its in-container gateway lookup. */
function hostOf(c: EngineCandidate, override: string | undefined): string {
  if (c.allowHostOverride && override) return override;
  return c.options.host ?? 'localhost';
}

/** The outer Docker engine, found by `discoverEngine`. */
export async function connectEngine(opts: { timeoutMs?: number } = {}): Promise<Docker> {
  return (await discoverEngine(opts)).docker;
}
