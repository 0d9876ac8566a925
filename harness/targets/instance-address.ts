import { EcsSimError } from '../errors.ts';
import type { ProbeSource } from '../probes/prober.ts';

/**
 * How a place addresses the instance itself: loopback from the instance's own namespace (the
 * instance, host-mode tasks), the bridge gateway from a bridge task (docker0, or a nested
 * user-defined network's gateway), ecs-bridge's 169.254.172.1 from an awsvpc task.
 */
export async function instanceAddressFor(from: ProbeSource): Promise<string> {
  if (from.kind === 'instance' || from.task.networkMode === 'host') return '127.0.0.1';
  if (from.task.networkMode === 'awsvpc') return '169.254.172.1';
  const networks = Object.values((await from.task.container.inspect()).NetworkSettings.Networks);
  const gateway = networks.find((n) => n.Gateway)?.Gateway;
  if (!gateway) throw new EcsSimError('NO_GATEWAY', `task "${from.task.name}" has no network gateway to reach the instance through`, { kind: 'environment' });
  return gateway;
}
