import type { EcsInstance } from '../instance/ecs-instance.ts';
import { targetSpec, type IpFamily, type Target } from '../scenario/targets.ts';

/**
 * The IP families an IMDS target is probed over: the one it names, or both on a dual-stack
 * instance (the cell then shows the worse: assert/families.ts).
 */
export function familiesOf(instance: EcsInstance, target: Target): IpFamily[] {
  if (!targetSpec(target.kind).families) return ['ipv4'];
  if ('family' in target && target.family) return [target.family];
  return instance.ipv6 ? ['ipv4', 'ipv6'] : ['ipv4'];
}
