import { describe, expect, it } from 'vitest';
import { chooseStsAddress, cidrsOverlap, hostIpv4Prefixes } from '../../harness/network/sts-address.ts';

describe('the mock STS address', () => {
  it('is a routed documentation address, not link-local, unless the host uses its range', () => {
    expect(chooseStsAddress(['192.0.2.5/24', '127.0.0.0/8'])).toBe('198.51.100.20');
    expect(chooseStsAddress(['198.51.100.7/32'])).toBe('203.0.113.20');
    expect(() => chooseStsAddress(['198.51.0.0/16', '203.0.113.0/25'])).toThrow(/host uses every range the mock STS can take.*fix:/s);
  });

  it("reads the host's addresses and non-default routes (never the default)", () => {
    const read = (_: string, args: string[]) =>
      args.includes('addr')
        ? '2: eth0    inet 192.0.2.5/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever'
        : 'default via 192.0.2.1 dev eth0\n203.0.113.0/24 via 192.0.2.9 dev eth0\nlocal 192.0.2.5 dev eth0 table local proto kernel scope host src 192.0.2.5\n';
    expect(hostIpv4Prefixes(read)).toEqual(['192.0.2.5/24', '203.0.113.0/24', '192.0.2.5/32']);
    expect(cidrsOverlap('0.0.0.0/0', '198.51.100.0/24')).toBe(true);
    expect(cidrsOverlap('198.51.101.0/24', '198.51.100.0/24')).toBe(false);
  });
});
