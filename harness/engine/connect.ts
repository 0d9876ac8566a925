import Docker from 'dockerode';
import { EcsSimError, withTimeout } from '../errors.ts';

/**
 * The outer Docker engine: DOCKER_HOST when set, else the default socket (dockerode's own
 * resolution). `connectEngine` proves it answers before anything else runs.
 */
export async function connectEngine(opts: { timeoutMs?: number } = {}): Promise<Docker> {
  const docker = new Docker();
  const where = process.env.DOCKER_HOST ?? 'the default socket /var/run/docker.sock';
  try {
    await withTimeout(`the Docker engine at ${where} to answer /_ping`, opts.timeoutMs ?? 10_000, docker.ping());
  } catch (cause) {
    throw new EcsSimError('ENGINE_UNAVAILABLE', `no Docker engine answers at ${where}`, {
      kind: 'environment',
      fix: 'start one (`bash scripts/ensure-docker.sh` installs and starts Debian\'s docker.io when run as root), or set DOCKER_HOST',
      cause,
    });
  }
  return docker;
}
