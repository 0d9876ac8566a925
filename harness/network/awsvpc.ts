import type { ExecResult } from '../engine/exec.ts';
import { EcsSimError } from '../errors.ts';
import type { LinkSubnet } from './link-subnet.ts';

/**
 * awsvpc-like task networking inside the instance, as the ECS CNI plugins build it
 * (ECS-FACTS.md, Network modes; agent/ecscni/types.go; amazon-ecs-cni-plugins):
 *  - the ENI: a macvlan of the instance's link interface, moved into the task's namespace as
 *    `eth0` with a free link address: it reaches the mocks at layer 2, with no FORWARD and no TTL
 *    hop, as a real ENI reaches IMDS (DESIGN.md, ENI as macvlan);
 *  - `ecs-bridge` (169.254.172.1/22) and a veth `ecs-eth0` whose one route is 169.254.170.2, the
 *    agent's endpoint (plugins/ecs-bridge, ecs-ipam);
 *  - the ENI's default route through the subnet's gateway, as the vpc-eni plugin sets it
 *    (amazon-vpc-cni-plugins plugins/vpc-eni/network/network_linux.go); the mocks are the
 *    simulated VPC router, holding IMDS and STS, so IMDS is reached over that default route;
 *  - with ECS_AWSVPC_BLOCK_IMDS as the running agent read it (ecs-init/resolve.ts), a blackhole
 *    route for 169.254.169.254/32 in the task's namespace and nothing else: no iptables
 *    (amazon-vpc-cni-plugins network/imds/imds_linux.go). A task with CAP_NET_ADMIN can delete it,
 *    and the default route takes over (amazon-ecs-agent#2950);
 *  - on a dual-stack instance, an IPv6 address and default route on the ENI too, and with the
 *    setting the fd00:ec2::254/128 blackhole, from the release that has it
 *    (amazon-ecs-cni-plugins plugins/eni/engine/nsclosure.go, #110; agent 1.69.0).
 */
const ATTACH = String.raw`
set -eu
pid=$1 ns=$2 eni_ip=$3 prefix=$4 gateway=$5 br_ip=$6 tag=$7 block=$8 eni6=$9
shift 9; gateway6=$1 block6=$2
mkdir -p /var/run/netns
ln -sfn /proc/$pid/ns/net /var/run/netns/$ns
if ! ip link show ecs-bridge >/dev/null 2>&1; then
  ip link add ecs-bridge type bridge
  ip addr add 169.254.172.1/22 dev ecs-bridge
  ip link set ecs-bridge up
fi
ip link add eni$tag link eth0 type macvlan mode bridge
ip link set eni$tag netns $ns
ip -n $ns link set eni$tag name eth0
ip -n $ns addr add $eni_ip/$prefix dev eth0
ip -n $ns link set lo up
ip -n $ns link set eth0 up
ip link add veth$tag type veth peer name tveth$tag
ip link set veth$tag master ecs-bridge up
ip link set tveth$tag netns $ns
ip -n $ns link set tveth$tag name ecs-eth0
ip -n $ns addr add $br_ip/22 dev ecs-eth0
ip -n $ns link set ecs-eth0 up
ip -n $ns route add 169.254.170.2/32 via 169.254.172.1 dev ecs-eth0
ip -n $ns route add default via $gateway dev eth0
if [ "$block" = 1 ]; then ip -n $ns route add blackhole 169.254.169.254/32; echo imds=blocked; else echo imds=routed; fi
if [ -n "$eni6" ]; then
  ip netns exec $ns sysctl -q -w net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0
  ip -n $ns -6 addr add $eni6/64 dev eth0 nodad
  ip -n $ns -6 route add default via $gateway6 dev eth0
  if [ "$block6" = 1 ]; then ip -n $ns -6 route add blackhole fd00:ec2::254/128; echo imds6=blocked; fi
fi
`;

export interface AwsvpcAttachment {
  namespace: string;
  eniAddress: string;
  bridgeAddress: string;
  imdsBlocked: boolean;
}

/** Hands out ENI addresses (the link subnet's upper half) and ecs-bridge addresses, and takes them back. */
export class AwsvpcAddresses {
  private readonly usedEni = new Set<number>();
  private readonly usedBridge = new Set<number>();

  constructor(private readonly subnet: LinkSubnet) {}

  take(): { eni: string; bridge: string; release(): void } {
    const [first, last] = this.subnet.eniRange.map((a) => Number(a.split('.')[3])) as [number, number];
    const eni = pick(this.usedEni, first, last);
    const bridge = pick(this.usedBridge, 2, 1022);
    if (eni === undefined || bridge === undefined) throw new EcsSimError('NO_ADDRESSES', 'no free ENI address left on this instance\'s link subnet', { kind: 'input', fix: 'stop awsvpc tasks you no longer need' });
    const prefix = this.subnet.eniRange[0].split('.').slice(0, 3).join('.');
    return {
      eni: `${prefix}.${eni}`,
      bridge: `169.254.${172 + Math.floor(bridge / 256)}.${bridge % 256}`,
      release: () => {
        this.usedEni.delete(eni);
        this.usedBridge.delete(bridge);
      },
    };
  }

  /** A reboot takes every namespace, and with it every address. */
  reset(): void {
    this.usedEni.clear();
    this.usedBridge.clear();
  }
}

function pick(used: Set<number>, first: number, last: number): number | undefined {
  for (let n = first; n <= last; n++) {
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
  return undefined;
}

/** Wires a task's namespace (held by its pause container, PID `pid` in the instance). */
export async function attachAwsvpc(
  run: (cmd: string[]) => Promise<ExecResult>,
  opts: {
    pid: number;
    tag: string;
    subnet: LinkSubnet;
    eni: string;
    bridge: string;
    blockImds: boolean;
    /** A dual-stack instance: the ENI's IPv6 address and gateway, and the fd00:ec2::254 blackhole. */
    ipv6?: { eni: string; gateway: string; blockImds: boolean };
  },
): Promise<AwsvpcAttachment> {
  const namespace = `task-${opts.tag}`;
  const r = await run(['sh', '-c', ATTACH, 'attach', String(opts.pid), namespace, opts.eni, '26', opts.subnet.mocks, opts.bridge, opts.tag, opts.blockImds ? '1' : '0', opts.ipv6?.eni ?? '', opts.ipv6?.gateway ?? '', opts.ipv6?.blockImds ? '1' : '0']);
  if (r.exitCode !== 0) {
    throw new EcsSimError('AWSVPC_ATTACH_FAILED', `could not wire the awsvpc namespace of task ${opts.tag}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`, { kind: 'environment' });
  }
  return { namespace, eniAddress: opts.eni, bridgeAddress: opts.bridge, imdsBlocked: r.stdout.includes('imds=blocked') };
}
