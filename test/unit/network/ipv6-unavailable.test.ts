import { describe, expect, it } from 'vitest';
import { ipv6UnavailableDetail, ipv6UnavailableError } from '../../../harness/network/ipv6-unavailable.ts';

describe('IPv6 unavailable', () => {
  it('finds the detail in a container output, and only there', () => {
    expect(ipv6UnavailableDetail('ecs-sim-mocks: IPv6 unavailable: this kernel has IPv6 off (no /proc/sys/net/ipv6)\nmore')).toBe(' this kernel has IPv6 off (no /proc/sys/net/ipv6)');
    expect(ipv6UnavailableDetail('ecs-sim-boot: FAILED: dockerd exited')).toBeUndefined();
  });

  it('is an environment error (exit 3) naming the container and both fixes', () => {
    const err = ipv6UnavailableError('aws-mocks', ' this kernel has IPv6 off ');
    expect(err).toMatchObject({ code: 'IPV6_UNAVAILABLE', kind: 'environment' });
    expect(err.message).toBe('instance.ipv6 is true, but the aws-mocks container cannot use IPv6: this kernel has IPv6 off\n  fix: run on a kernel with IPv6 (no ipv6.disable=1 on its command line) and an engine that lets a container with CAP_NET_ADMIN enable IPv6 in its own namespace, or set instance.ipv6: false');
  });
});
