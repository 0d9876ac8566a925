/**
 * The agent (and ecs-init) releases whose behaviour the simulation follows, and the changes
 * between them that decide a verdict. Each gate names the first release with the change: the
 * oldest `v` tag of aws/amazon-ecs-agent that contains the commit cited.
 */

/** The newest release read for the simulation (aws/amazon-ecs-agent VERSION at the commit read). */
export const NEWEST_SIMULATED_AGENT_VERSION = '1.105.1';
/** `instance.agentVersion` when the scenario leaves it out. */
export const DEFAULT_AGENT_VERSION = NEWEST_SIMULATED_AGENT_VERSION;
/** The oldest release accepted: task roles begin at 1.11.0, and nothing older is of interest. */
export const OLDEST_SIMULATED_AGENT_VERSION = '1.0.0';

export interface AgentGate {
  since: string;
  what: string;
  source: string;
}

export const AGENT_GATES = {
  taskIamRole: {
    since: '1.11.0',
    what: 'task IAM roles (the agent advertises com.amazonaws.ecs.capability.task-iam-role)',
    source: 'AWS guide "Amazon ECS task IAM role": "Amazon ECS container agent version 1.11.0 or later"',
  },
  taskIamRoleNetworkHost: {
    since: '1.12.0',
    what: 'task IAM roles for host-mode tasks (capability task-iam-role-network-host)',
    source: 'AWS guide "Amazon ECS task IAM role": host network mode needs agent 1.12.0 or later',
  },
  offhostIntrospectionInterfaceName: {
    since: '1.60.1',
    what: 'ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME names the interface of the :51678 DROP (before: eth0)',
    source: 'ecs-init/exec/iptables/iptables.go, commit 3c0c7b785',
  },
  introspectionDefaultRouteInterface: {
    since: '1.61.2',
    what: 'without ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME, the :51678 DROP names the IPv4 default-route interface (fallback eth0)',
    source: 'ecs-init/exec/iptables/iptables.go, commit ed77a8bb9 (amazon-ecs-init#498)',
  },
  awsvpcBlockImdsIpv6: {
    since: '1.69.0',
    what: 'ECS_AWSVPC_BLOCK_IMDS also blackholes fd00:ec2::254/128, the IPv6 IMDS endpoint, in awsvpc tasks',
    source: 'amazon-ecs-cni-plugins plugins/eni/engine/nsclosure.go, commit 50a9a47 (#110), in the agent from commit 7d2b6daec',
  },
  partOfDocker: {
    since: '1.86.1',
    what: 'ecs.service is PartOf=docker.service: restarting docker restarts ecs',
    source: 'packaging/amazon-linux-ami-integrated/ecs.service, commit 1333a7d11 (#4277)',
  },
  introspectionLoopbackOnly: {
    since: '1.97.0',
    what: 'the :51678 DROP is `! -i lo`, with an ACCEPT on top for the default Docker bridge (discovered; none without one), also in ip6tables',
    source: 'ecs-init/exec/iptables/iptables.go, commits 847398739, 9d770042f, 32407a597',
  },
  ip6tablesOnlyWithIpv6: {
    since: '1.97.1',
    what: 'ip6tables rules only where /proc/sys/net/ipv6 exists',
    source: 'ecs-init/exec/iptables/iptables.go checkIpv6KernelConfigExist, commit d97d513b7',
  },
} as const satisfies Record<string, AgentGate>;

export type AgentGateName = keyof typeof AGENT_GATES;

const VERSION = /^(\d{1,3})\.(\d{1,4})\.(\d{1,4})$/;

export function parseAgentVersion(v: string): [number, number, number] | undefined {
  const m = VERSION.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compareAgentVersions(a: string, b: string): number {
  const x = parseAgentVersion(a);
  const y = parseAgentVersion(b);
  if (!x || !y) throw new Error(`not an agent version: ${x ? b : a}`);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** Whether release `version` has the change `gate`. */
export const hasGate = (version: string, gate: AgentGateName): boolean => compareAgentVersions(version, AGENT_GATES[gate].since) >= 0;

/** Why a version is not accepted, or undefined when it is. */
export function agentVersionProblem(v: string): string | undefined {
  if (!parseAgentVersion(v)) return `"${v}" is not an agent version (MAJOR.MINOR.PATCH, e.g. ${DEFAULT_AGENT_VERSION})`;
  if (compareAgentVersions(v, OLDEST_SIMULATED_AGENT_VERSION) < 0) return `agent ${v} is older than ${OLDEST_SIMULATED_AGENT_VERSION}`;
  if (compareAgentVersions(v, NEWEST_SIMULATED_AGENT_VERSION) > 0) {
    return `agent ${v} is newer than the newest release the simulation follows (${NEWEST_SIMULATED_AGENT_VERSION}); its behaviour has not been read`;
  }
  return undefined;
}
