import type Docker from 'dockerode';
import createDebug from 'debug';
import { removeIfExists } from '../engine/remove.ts';

const debug = createDebug('ecs-sim:instance');

/**
 * How the instance container is made near-privileged. `--privileged` is tried first; some hosts
 * refuse it ("unable to apply caps": root lacks CAP_SYS_RESOURCE in its bounding set, and Docker
 * 20.10 ignores --cap-drop with --privileged). The fallback is the measured equivalent from
 * DESIGN.md; boot.sh then remounts /sys and the cgroups read-write.
 */
export type PrivilegeMode = 'privileged' | 'capabilities';

export function privilegeConfig(mode: PrivilegeMode): Partial<Docker.HostConfig> {
  if (mode === 'privileged') return { Privileged: true };
  return {
    CapAdd: ['ALL'],
    CapDrop: ['SYS_RESOURCE'],
    SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
    // The CLI's `--security-opt systempaths=unconfined` is, in the API, empty masked and
    // read-only path lists (docker/cli opts/parse.go).
    MaskedPaths: [],
    ReadonlyPaths: [],
    DeviceCgroupRules: ['a *:* rwm'],
  };
}

/** Errors of `start` that mean "this host refuses --privileged", not "something else broke". */
export const refusesPrivileged = (err: unknown): boolean => /apply caps|operation not permitted|capabilit/i.test(String((err as Error)?.message));

/**
 * Engines that refused `--privileged` once: the refusal is the host's (its bounding set), so the
 * next instance on the same engine goes straight to the capability set instead of paying a
 * create, a seeding, a failed start and a removal every boot (about 0.4 s of 3.6 here).
 */
const refusing = new WeakSet<Docker>();

/**
 * Creates and starts a container near-privileged: `--privileged` first, the explicit capability
 * set where the host refuses it (remembered per engine). `beforeStart` runs on each created
 * container before its start (e.g. to put files into its volumes).
 */
export async function startNearPrivileged(
  docker: Docker,
  spec: Docker.ContainerCreateOptions,
  beforeStart: (c: Docker.Container) => Promise<void> = async () => {},
): Promise<{ container: Docker.Container; privilege: PrivilegeMode }> {
  const attempt = async (privilege: PrivilegeMode) => {
    const container = await docker.createContainer({ ...spec, HostConfig: { ...privilegeConfig(privilege), ...spec.HostConfig } });
    await beforeStart(container);
    await container.start();
    return { container, privilege };
  };
  if (refusing.has(docker)) return attempt('capabilities');
  try {
    return await attempt('privileged');
  } catch (err) {
    if (!refusesPrivileged(err)) throw err;
    debug('--privileged refused (%s); using the explicit capability set', (err as Error).message);
    refusing.add(docker);
    await removeIfExists(docker, spec.name!);
    return attempt('capabilities');
  }
}
