import { hasGate } from './agent-versions.ts';
import type { ResolvedEcsConfig } from './resolve.ts';

/**
 * The netfilter rules ecs-init's pre-start adds and its post-stop removes
 * (ecs-init/exec/iptables/iptables.go NetfilterRoute.Create / Remove), for the release in use.
 * A pure function of the resolved configuration and what ecs-init finds on the host, so that
 * every release's rule set is unit-tested; main.ts runs the commands.
 */

/** What ecs-init looks up on the instance before it writes rules. */
export interface HostFacts {
  /** The loopback interface (netutils.GetLoopbackInterface). */
  loopback: string;
  /**
   * The default Docker bridge's interface name (ecs-init/docker/docker.go
   * FindDefaultBridgeNetworkInterfaceName: the bridge network with
   * com.docker.network.bridge.default_bridge=true); undefined when there is none.
   */
  dockerBridge: string | undefined;
  /** The interface of the IPv4 default route (/proc/net/route), if any. */
  defaultRouteInterface: string | undefined;
  /** /proc/sys/net/ipv6 exists. */
  ipv6Kernel: boolean;
  /** An ip6tables binary is on PATH. */
  ip6tables: boolean;
}

export interface RuleCommand {
  tool: 'iptables' | 'ip6tables';
  /** The rule as ecs-init writes it, after `-t <table> -A|-I|-D`. */
  table: 'nat' | 'filter';
  chain: 'PREROUTING' | 'INPUT' | 'OUTPUT';
  spec: string[];
  /** pre-start appends (`-A`) or inserts at the top (`-I`); post-stop deletes (`-D`). */
  add: '-A' | '-I';
}

const PREROUTING = ['-p', 'tcp', '-d', '169.254.170.2', '--dport', '80', '-j', 'DNAT', '--to-destination', '127.0.0.1:51679'];
const LOCALHOST_FILTER = ['--dst', '127.0.0.0/8', '!', '--src', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP'];
const OUTPUT = ['-p', 'tcp', '-d', '169.254.170.2', '--dport', '80', '-j', 'REDIRECT', '--to-ports', '51679'];

/** pre-start's rules, in the order Create() writes them. */
export function preStartRules(cfg: ResolvedEcsConfig, facts: HostFacts): RuleCommand[] {
  const v = cfg.agentVersion;
  const rules: RuleCommand[] = [{ tool: 'iptables', table: 'nat', chain: 'PREROUTING', spec: PREROUTING, add: '-A' }];
  if (!cfg.ecsInit.skipLocalhostTrafficFilter) rules.push({ tool: 'iptables', table: 'filter', chain: 'INPUT', spec: LOCALHOST_FILTER, add: '-I' });
  if (!cfg.ecsInit.allowOffhostIntrospectionAccess) {
    if (hasGate(v, 'introspectionLoopbackOnly')) {
      // modifyNetfilterEntry(..., useIp6tables=true): the same rule through ip6tables, where it exists.
      const both = (spec: string[]): RuleCommand[] => [
        { tool: 'iptables', table: 'filter', chain: 'INPUT', spec, add: '-I' },
        ...(facts.ip6tables && (facts.ipv6Kernel || !hasGate(v, 'ip6tablesOnlyWithIpv6')) ? [{ tool: 'ip6tables' as const, table: 'filter' as const, chain: 'INPUT' as const, spec, add: '-I' as const }] : []),
      ];
      rules.push(...both(['-p', 'tcp', '--dport', '51678', '!', '-i', facts.loopback, '-j', 'DROP']));
      // Inserted after the DROP, so it lands above it; skipped when Docker has no default bridge.
      if (facts.dockerBridge) rules.push(...both(['-p', 'tcp', '--dport', '51678', '-i', facts.dockerBridge, '-j', 'ACCEPT']));
    } else {
      rules.push({ tool: 'iptables', table: 'filter', chain: 'INPUT', spec: ['-p', 'tcp', '-i', introspectionInterface(cfg, facts), '--dport', '51678', '-j', 'DROP'], add: '-I' });
    }
  }
  rules.push({ tool: 'iptables', table: 'nat', chain: 'OUTPUT', spec: OUTPUT, add: '-A' });
  return rules;
}

/**
 * post-stop's deletions, in Remove()'s order. It deletes the introspection DROP even when the
 * setting now allows off-host access (its errors are ignored: the rule may never have been added).
 */
export function postStopRules(cfg: ResolvedEcsConfig, facts: HostFacts): RuleCommand[] {
  const pre = preStartRules({ ...cfg, ecsInit: { ...cfg.ecsInit, allowOffhostIntrospectionAccess: false } }, facts);
  const isAccept = (r: RuleCommand) => r.spec.includes('ACCEPT');
  const intro = (r: RuleCommand) => r.chain === 'INPUT' && r.spec.includes('51678');
  return [
    ...pre.filter((r) => r.chain === 'PREROUTING'),
    ...pre.filter((r) => r.spec === LOCALHOST_FILTER),
    ...pre.filter((r) => intro(r) && isAccept(r)),
    ...pre.filter((r) => intro(r) && !isAccept(r)),
    ...pre.filter((r) => r.chain === 'OUTPUT'),
  ];
}

/** Before 1.97.0: the interface of the :51678 DROP. */
function introspectionInterface(cfg: ResolvedEcsConfig, facts: HostFacts): string {
  const v = cfg.agentVersion;
  if (!hasGate(v, 'offhostIntrospectionInterfaceName')) return 'eth0';
  if (cfg.ecsInit.offhostIntrospectionInterface) return cfg.ecsInit.offhostIntrospectionInterface;
  if (hasGate(v, 'introspectionDefaultRouteInterface') && facts.defaultRouteInterface) return facts.defaultRouteInterface;
  return 'eth0';
}

/** The command line of a rule: `iptables -t nat -A PREROUTING ...` (or `-D` for post-stop). */
export const ruleArgs = (r: RuleCommand, action: '-A' | '-I' | '-D'): string[] => ['-t', r.table, action, r.chain, ...r.spec];
