import type { DockerEngine } from '../engine/images/engines.ts';
import type { LinkIpv6 } from '../network/link-ipv6.ts';
import { DEFAULT_AGENT_VERSION, hasGate } from './ecs-init/agent-versions.ts';
import type { FirewalldSetting, NftablesServiceSetting } from './firewall-services.ts';

/** How a simulated container instance is set up. Defaults are those of a fresh ECS-optimised AMI. */
export interface InstanceConfig {
  /** The AWS account the instance lives in (ARNs, IMDS, STS). Default 123456789012. */
  account?: string;
  /** Its region. Default us-east-1. */
  region?: string;
  /** iptables front end inside the instance. Default `nft` (bookworm's default). */
  iptables?: 'nft' | 'legacy';
  /**
   * What brings saved rules (/etc/sysconfig/iptables) back at boot. Default `none`.
   * `restore-before-docker` is the iptables service on Amazon Linux (ordered before docker);
   * `restore-after-docker` reproduces the unprotected window and the wiped Docker chains.
   */
  persistence?: 'none' | 'restore-before-docker' | 'restore-after-docker';
  /**
   * firewalld, enabled with this FirewallBackend (firewall-services.ts), started before dockerd.
   * Default `none`: not running, as on the ECS-optimized AMIs.
   */
  firewalld?: FirewalldSetting;
  /** nftables.service enabled with this /etc/nftables.conf (firewall-services.ts). Default `none`. */
  nftablesService?: NftablesServiceSetting;
  /** Shell script run once, at first boot, after dockerd is up (as cloud-init runs user data). */
  userData?: string;
  /** Shell scripts run at every boot after dockerd is up, in order (as systemd units would). */
  everyBoot?: string[];
  /** ecs.config keys, written to /etc/ecs/ecs.config at first boot. */
  agentConfig?: Record<string, string>;
  /** IMDS settings. `ipv6Endpoint` is EC2's HttpProtocolIpv6 (default disabled). */
  imds?: { tokens?: 'optional' | 'required'; hopLimit?: number; instanceRole?: string; ipv6Endpoint?: 'enabled' | 'disabled' };
  /** A dual-stack instance (network/link-ipv6.ts). Default false. */
  ipv6?: boolean;
  /** An ECS Anywhere instance: no IMDS route at all. Default false. */
  noImds?: boolean;
  /** Extra dockerd flags, e.g. `--bridge=none` (docker/for-linux#1152). Default none. */
  dockerdArgs?: string[];
  /**
   * The ECS agent (and ecs-init) release whose behaviour the instance follows
   * (ecs-init/agent-versions.ts). Default DEFAULT_AGENT_VERSION, the newest simulated.
   */
  agentVersion?: string;
  /** The Docker engine inside the instance (its image). Default DEFAULT_ENGINE (images/engines.ts). */
  docker?: DockerEngine;
  /**
   * Images the instance's engine gets before it boots, from the run's image cache (image-cache.ts):
   * loaded once per run and engine, then seeded into each new instance. The probe image always is;
   * any other image is loaded when a task first needs it, as before.
   */
  images?: string[];
  /** Boot-to-ready deadline, ms. Default 90 000. */
  bootTimeoutMs?: number;
  /** For tests: the engine keeps IPv6 off in the instance's and the mocks' containers (network/ipv6-unavailable.ts). */
  ipv6Off?: boolean;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** The instance container's environment: read by images/instance/boot.sh at every boot. */
export function instanceEnv(cfg: InstanceConfig, routes: { gateway: string; imdsVia: string; ipv6?: LinkIpv6 }, nonce: string): string[] {
  const agentVersion = cfg.agentVersion ?? DEFAULT_AGENT_VERSION;
  const env = [
    `ECS_SIM_NONCE=${nonce}`,
    `ECS_SIM_AGENT_VERSION=${agentVersion}`,
    `ECS_SIM_ECS_PART_OF_DOCKER=${hasGate(agentVersion, 'partOfDocker') ? 1 : 0}`,
    `ECS_SIM_GATEWAY=${routes.gateway}`,
    `ECS_SIM_IPTABLES=${cfg.iptables ?? 'nft'}`,
    `ECS_SIM_PERSISTENCE=${cfg.persistence ?? 'none'}`,
    `ECS_SIM_IMDS_VIA=${routes.imdsVia}`,
    `ECS_SIM_FIREWALLD=${cfg.firewalld ?? 'none'}`,
    `ECS_SIM_NFTABLES_SERVICE=${cfg.nftablesService ?? 'none'}`,
  ];
  if (routes.ipv6) {
    env.push(`ECS_SIM_IPV6_ADDRESS=${routes.ipv6.instance}`, `ECS_SIM_IPV6_GATEWAY=${routes.ipv6.mocks}`, `ECS_SIM_DOCKER_IPV6_CIDR=${routes.ipv6.dockerCidr}`);
  }
  if (cfg.dockerdArgs?.length) env.push(`ECS_SIM_DOCKERD_ARGS_B64=${b64(JSON.stringify(cfg.dockerdArgs))}`);
  if (cfg.userData) env.push(`ECS_SIM_USER_DATA_B64=${b64(cfg.userData)}`);
  (cfg.everyBoot ?? []).forEach((s, i) => env.push(`ECS_SIM_EVERY_BOOT_${i}_B64=${b64(s)}`));
  const agent = Object.entries(cfg.agentConfig ?? {}).map(([k, v]) => `${k}=${v}\n`).join('');
  if (agent) env.push(`ECS_SIM_ECS_CONFIG_B64=${b64(agent)}`);
  return env;
}
