import type Docker from 'dockerode';
// testcontainers-node's own socket strategies (12.0.1, pinned exactly): they read no cached
// configuration, so ecs-sim asks them directly. The package has no exports map, so these deep
// paths are its published files.
import { NpipeSocketStrategy } from 'testcontainers/build/container-runtime/strategies/npipe-socket-strategy.js';
import { RootlessUnixSocketStrategy } from 'testcontainers/build/container-runtime/strategies/rootless-unix-socket-strategy.js';
import { UnixSocketStrategy } from 'testcontainers/build/container-runtime/strategies/unix-socket-strategy.js';
import { EcsSimError } from '../../errors.ts';
import { currentDockerContext } from './docker-context.ts';
import { dockerOptionsFor } from './docker-options.ts';
import type { EngineSettings } from './settings.ts';

/**
 * One place an engine may be: its address, what said so, and dockerode's options for it.
 * `explicit` ones were named by the user (tc.host, DOCKER_HOST, docker.host, a Docker context).
 */
export interface EngineCandidate {
  uri: string;
  source: string;
  explicit: boolean;
  options: Docker.DockerOptions;
  /** Whether TESTCONTAINERS_HOST_OVERRIDE applies (testcontainers: not to tc.host). */
  allowHostOverride: boolean;
}

/**
 * The candidates, in testcontainers-node's order (getContainerRuntimeClient in
 * build/container-runtime/clients/client.js: TestcontainersHost, Configuration, UnixSocket,
 * RootlessUnixSocket, NpipeSocket), with the Docker CLI's current context after the
 * configuration and before the default sockets, as the CLI ranks it below DOCKER_HOST. `skipped`
 * says what was looked at and not found, for the error when nothing answers.
 */
export async function engineCandidates(settings: EngineSettings, env: NodeJS.ProcessEnv = process.env, home?: string): Promise<{ candidates: EngineCandidate[]; skipped: string[] }> {
  const candidates: EngineCandidate[] = [];
  const skipped: string[] = [];
  if (settings.tcHost) {
    candidates.push({ uri: settings.tcHost, source: `${settings.propertiesFile} tc.host`, explicit: true, options: dockerOptionsFor(settings.tcHost, {}, 'tc.host'), allowHostOverride: false });
  }
  if (settings.dockerHost) {
    const { uri, from } = settings.dockerHost;
    candidates.push({ uri, source: from, explicit: true, options: dockerOptionsFor(uri, { verify: settings.tlsVerify, certDir: settings.certPath }, from), allowHostOverride: true });
  } else {
    skipped.push(`DOCKER_HOST: unset; ${settings.propertiesFile}: no docker.host`);
  }
  const context = currentDockerContext(env, home);
  if (context.kind === 'found') {
    const { name, host, tlsDir } = context.context;
    candidates.push({ uri: host, source: `Docker context "${name}"`, explicit: true, options: dockerOptionsFor(host, tlsDir ? { verify: '1', certDir: tlsDir } : {}, `Docker context "${name}"`), allowHostOverride: true });
  } else if (context.kind === 'broken') {
    // The Docker CLI refuses to run with a broken current context; so does ecs-sim, rather than
    // fall back to another engine than the one the user chose.
    throw new EcsSimError('ENGINE_UNAVAILABLE', `the current Docker context is broken: ${context.why}`, {
      kind: 'environment',
      fix: 'run `docker context ls` and `docker context use default` (or another context), or set DOCKER_HOST',
    });
  } else {
    skipped.push(`Docker context: ${context.why}`);
  }
  for (const strategy of [new UnixSocketStrategy(), new RootlessUnixSocketStrategy(process.platform, env), new NpipeSocketStrategy()]) {
    const found = await strategy.getResult();
    if (found) candidates.push({ uri: found.uri, source: `testcontainers ${strategy.getName()}`, explicit: false, options: found.dockerOptions, allowHostOverride: found.allowUserOverrides });
  }
  if (!candidates.some((c) => c.source.endsWith('UnixSocketStrategy') && c.uri === 'unix:///var/run/docker.sock')) skipped.push('/var/run/docker.sock: absent');
  if (!candidates.some((c) => c.source.endsWith('RootlessUnixSocketStrategy'))) {
    skipped.push(`rootless sockets: none of ${env.XDG_RUNTIME_DIR ? '$XDG_RUNTIME_DIR/docker.sock, ' : ''}~/.docker/run/docker.sock, ~/.docker/desktop/docker.sock, /run/user/<uid>/docker.sock exists`);
  }
  return { candidates, skipped };
}
