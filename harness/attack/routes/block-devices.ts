import type { RouteContext, RouteResult } from '../route.ts';

/**
 * A privileged task sees the instance's block devices and may mount its root file system, where
 * the agent keeps every task's credentials ID (/var/lib/ecs/data) and the Docker socket lives: on a
 * real instance, that is a leak. The simulated instance has no block device of its own (its file
 * system is an overlay on the host's disk, which ecs-sim never mounts: the host is never touched),
 * so this route cannot be taken here, and a privileged task's `not-leaked` would be a guess: the
 * route reports itself broken, which makes the cell `error` unless another route leaked.
 */
export async function blockDevices(ctx: RouteContext): Promise<RouteResult> {
  if (!ctx.privileged) return { route: 'block-devices', state: 'nothing', tried: "mount the instance's disk", why: 'the task is not privileged: no block device to mount' };
  return {
    route: 'block-devices',
    state: 'broken',
    tried: "mount the instance's disk",
    why: "the task is privileged, so on a real instance it can mount the root device and read /var/lib/ecs/data; the simulated instance has no disk of its own to mount, so this route is not simulated and no not-leaked can rest on it",
  };
}
