import { randomInt } from 'node:crypto';

/**
 * The IPv6 side of a dual-stack instance (`instance.ipv6: true`). The Docker link network stays
 * IPv4-only: `docker network create --ipv6` would give the host an address and a route on the
 * bridge, which touches the host (DESIGN.md, IPv6 on the link network). Instead the addresses
 * live only inside the containers' own namespaces: a ULA /64 of the link's own, no gateway, no
 * route off it, with the mocks as the simulated VPC router again.
 */

/** EC2's IPv6 IMDS endpoint (EC2 User Guide, "Instance metadata service endpoints"; HttpProtocolIpv6). */
export { IMDS_IPV6_HOST as IMDS_IPV6_ADDRESS } from '../probes/http-target.ts';
/** The mock STS over IPv6: the documentation prefix (RFC 3849), routed nowhere, never link-local. */
export const STS_IPV6_ADDRESS = '2001:db8:ec5::20';

export interface LinkIpv6 {
  /** The link's ULA /64. */
  cidr: string;
  mocks: string;
  instance: string;
  /** The nested dockerd's --fixed-cidr-v6 for docker0. */
  dockerCidr: string;
  /** The ENI address for ENI number `n` (1-based). */
  eni(n: number): string;
}

/**
 * A random ULA block under fd5e:c5::/32 (link) and fd5e:d0c::/32 (docker0), far from this
 * machine's own fd00::/64 and from IMDS's fd00:ec2::/32.
 */
export function linkIpv6(random: (max: number) => number = randomInt): LinkIpv6 {
  const a = random(0x10000).toString(16);
  const b = random(0x10000).toString(16);
  const prefix = `fd5e:c5:${a}:${b}`;
  return {
    cidr: `${prefix}::/64`,
    mocks: `${prefix}::2`,
    instance: `${prefix}::3`,
    dockerCidr: `fd5e:d0c:${a}:${b}::/64`,
    eni: (n) => `${prefix}::1:${n.toString(16)}`,
  };
}
