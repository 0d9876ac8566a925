import type Docker from 'dockerode';

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
