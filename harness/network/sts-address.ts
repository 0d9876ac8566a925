import { execFileSync } from 'node:child_process';
import { EcsSimError } from '../errors.ts';

/**
 * Where the mock STS listens. The real STS is a routed, public address, not a link-local one, so
 * a DOCKER-USER drop of 169.254.0.0/16 leaves it reachable (issue: STS off link-local). We take
 * an address from a documentation range (RFC 5737) that nothing routes: the mocks hold it on their
 * loopback, and the instance and the ENIs reach it over their default route through the mocks
 * (the simulated VPC router). Nothing routes it beyond the link network, which has no way out.
 * Every instance may use the same address: each link network is a world of its own.
 *
 * The host must not use the range itself (this machine's own network is 192.0.2.0/24): a
 * candidate whose /24 overlaps an address or a non-default route of the host is skipped, and when
 * none is left the run refuses to start. Reading the host's addresses and routes changes nothing.
 */
export const STS_CANDIDATES = [
  { range: '198.51.100.0/24', address: '198.51.100.20' },
  { range: '203.0.113.0/24', address: '203.0.113.20' },
] as const;

const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/** Whether two IPv4 CIDRs overlap. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [ia, la] = a.split('/') as [string, string];
  const [ib, lb] = b.split('/') as [string, string];
  const len = Math.min(Number(la ?? 32), Number(lb ?? 32));
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return ((toInt(ia) & mask) >>> 0) === ((toInt(ib) & mask) >>> 0);
}

const ROUTE_TYPES = new Set(['local', 'broadcast', 'unicast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw']);

/** The host's IPv4 addresses and non-default routes, as CIDRs (`ip -o -4 addr`, `ip -4 route show table all`). */
export function hostIpv4Prefixes(read: (cmd: string, args: string[]) => string = defaultRead): string[] {
  const out: string[] = [];
  for (const line of read('ip', ['-o', '-4', 'addr', 'show']).split('\n')) {
    const m = /\binet (\d+\.\d+\.\d+\.\d+\/\d+)/.exec(line);
    if (m) out.push(m[1]!);
  }
  for (const line of read('ip', ['-4', 'route', 'show', 'table', 'all']).split('\n')) {
    const words = line.trim().split(/\s+/);
    const dst = ROUTE_TYPES.has(words[0] ?? '') ? words[1] : words[0];
    if (!dst || dst === 'default' || !/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(dst)) continue;
    out.push(dst.includes('/') ? dst : `${dst}/32`);
  }
  return out;
}

function defaultRead(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });
  } catch {
    return '';
  }
}

export function chooseStsAddress(hostPrefixes: string[] = hostIpv4Prefixes()): string {
  for (const c of STS_CANDIDATES) {
    if (!hostPrefixes.some((p) => cidrsOverlap(p, c.range))) return c.address;
  }
  throw new EcsSimError(
    'STS_RANGE_IN_USE',
    `the host uses every range the mock STS can take (${STS_CANDIDATES.map((c) => c.range).join(', ')}): ${hostPrefixes.filter((p) => STS_CANDIDATES.some((c) => cidrsOverlap(p, c.range))).join(', ')}`,
    { kind: 'environment', fix: 'run ecs-sim on a host whose own networks do not use these documentation ranges (RFC 5737)' },
  );
}
