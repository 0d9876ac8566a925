import { EcsSimError } from '../errors.ts';

/**
 * A dual-stack instance needs IPv6 in the containers' own namespaces. Where the kernel has it
 * off (`ipv6.disable=1`: no /proc/sys/net/ipv6) or the engine keeps it off in a container
 * (`net.ipv6.conf.*.disable_ipv6=1` with a read-only /proc/sys/net, as Docker 26+ does on the
 * interfaces of IPv4-only networks: moby/moby#47062, #47521, #47963), `instance.ipv6: true`
 * must end the scenario with an environment error, never an IPv4-only run whose IPv6 cells
 * would read "blocked" (issue 9 item 6).
 *
 * images/aws-mocks/entry.sh prints MARK and exits; images/instance/boot.sh fails its boot
 * stage with MARK; the harness turns either into one error.
 */
export const IPV6_UNAVAILABLE_MARK = 'IPv6 unavailable:';

export function ipv6UnavailableError(container: string, detail: string): EcsSimError {
  return new EcsSimError('IPV6_UNAVAILABLE', `instance.ipv6 is true, but the ${container} container cannot use IPv6: ${detail.trim()}`, {
    kind: 'environment',
    fix: 'run on a kernel with IPv6 (no ipv6.disable=1 on its command line) and an engine that lets a container with CAP_NET_ADMIN enable IPv6 in its own namespace, or set instance.ipv6: false',
  });
}

/** The detail after MARK in a container's output, when that output reports IPv6 unavailable. */
export function ipv6UnavailableDetail(output: string): string | undefined {
  const at = output.indexOf(IPV6_UNAVAILABLE_MARK);
  return at < 0 ? undefined : output.slice(at + IPV6_UNAVAILABLE_MARK.length).split('\n')[0]!;
}

/**
 * For tests: the host-config fragment of an engine that keeps IPv6 off in a container, as
 * above (disable_ipv6=1 applied at creation, /proc/sys/net/ipv6 read-only so the container
 * cannot undo it). A real engine's doing, so the harness's own checks are what is tested.
 * Docker ignores ReadonlyPaths for --privileged containers: there the boot would succeed and
 * the test fail loudly.
 */
export const IPV6_OFF_HOST_CONFIG: { Sysctls: Record<string, string>; ReadonlyPaths: string[] } = {
  Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1', 'net.ipv6.conf.default.disable_ipv6': '1' },
  ReadonlyPaths: ['/proc/sys/net/ipv6'],
};
