import { z } from 'zod';
import { DEFAULT_AGENT_VERSION } from '../../instance/ecs-init/agent-versions.ts';
import { AGENT_CONFIG_KEYS } from '../agent-config-keys.ts';
import { DEFAULT_ENGINE, DOCKER_ENGINES } from '../../engine/images/engines.ts';
import { FIREWALLD_SETTINGS, NFTABLES_SERVICE_SETTINGS } from '../../instance/firewall-services.ts';
import { processTextSchema, roleNameSchema } from './common.ts';
import { permissionPolicySchema } from './policy.ts';

/**
 * `instance`: the simulated container instance. Everything has a default, so `instance` itself
 * may be left out (an ECS-optimized-AMI-like EC2 instance with IMDS tokens optional, hop limit 1).
 */

/**
 * ecs.config is `KEY=value` text, so every value is a string; YAML's `true` and `60` are taken as
 * the text "true" and "60" rather than rejected, since that is what the user meant.
 */
export const agentConfigSchema = z
  .partialRecord(z.enum(AGENT_CONFIG_KEYS as [string, ...string[]]), z.union([z.string(), z.boolean(), z.number()]))
  .describe('ecs.config: agent and ecs-init environment variables');

export const imdsSchema = z.strictObject({
  /** IMDSv2 only (`HttpTokens=required`) or v1 and v2 (`optional`). Default optional (EC2 API default). */
  tokens: z.enum(['optional', 'required']).default('optional').describe('HttpTokens; AL2023 AMIs default to required'),
  /**
   * `HttpPutResponseHopLimit`, 1..64. Default 1, the EC2 API default; AWS recommends 2 for
   * containers and AL2023 AMIs default to 2 (ECS-FACTS.md "IMDS").
   */
  hopLimit: z.number().int().min(1).max(64).default(1).describe('HttpPutResponseHopLimit (1..64); AL2023 AMIs use 2'),
  /** The instance profile's role, listed under /latest/meta-data/iam/security-credentials/. */
  instanceRole: roleNameSchema.default('ecs-sim-instance-role'),
  /**
   * EC2's HttpProtocolIpv6: IMDS also answers at [fd00:ec2::254]. Default disabled, as on EC2.
   * Reached only from a dual-stack instance (`instance.ipv6: true`).
   */
  ipv6Endpoint: z.enum(['enabled', 'disabled']).default('disabled').describe('HttpProtocolIpv6: IMDS also at [fd00:ec2::254]'),
  /**
   * The instance role's permission policy, what a task without a role of its own can do with the
   * instance's credentials. Default: the managed AmazonEC2ContainerServiceforEC2Role, which the ECS
   * guide says to limit the instance role to (harness/iam/managed/).
   */
  instancePolicy: permissionPolicySchema.optional().describe("the instance role's permission policy; default AmazonEC2ContainerServiceforEC2Role"),
});

export const instanceSchema = z.strictObject({
  /** `ec2` (default) or `external` (ECS Anywhere: no IMDS at all). */
  kind: z.enum(['ec2', 'external']).default('ec2'),
  /**
   * The AWS account and region the simulated instance lives in: ARNs, IMDS's identity document,
   * STS's answers, and the request context trust policies are checked against. Set them to your
   * own, so that your real trust policies (aws:SourceAccount, aws:SourceArn) apply as written.
   */
  account: z.string().regex(/^\d{12}$/, { error: 'an AWS account ID: 12 digits' }).default('123456789012').describe('AWS account ID (12 digits)'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'an AWS region, e.g. us-east-1' }).default('us-east-1').describe('AWS region, e.g. us-east-1'),
  agentConfig: agentConfigSchema.default({}),
  /**
   * The ECS agent (and ecs-init) release the instance follows: its rules, its defaults and what it
   * supports (harness/instance/ecs-init/agent-versions.ts). Default: the newest simulated.
   */
  agentVersion: z
    .string()
    .regex(/^\d{1,3}\.\d{1,4}\.\d{1,4}$/, { error: `an agent release, MAJOR.MINOR.PATCH, e.g. ${DEFAULT_AGENT_VERSION}` })
    .default(DEFAULT_AGENT_VERSION)
    .describe('ECS agent release, e.g. 1.105.1 (default: the newest simulated)'),
  /** Only for `kind: ec2`; defaults apply when left out. */
  imds: imdsSchema.optional(),
  /**
   * The Docker engine inside the instance, or the engines the scenario concerns (it then runs on
   * those only, in a matrix run too). Left out: the run's engines, by default DEFAULT_ENGINE
   * (harness/engine/images/engines.ts, README "Docker engines").
   */
  docker: z
    // YAML reads an unquoted 26.1 as a number; validate.ts takes those and refuses 20.10 (read as 20.1).
    .union([z.enum(DOCKER_ENGINES), z.number(), z.array(z.union([z.enum(DOCKER_ENGINES), z.number()])).min(1, { error: `name at least one engine: ${DOCKER_ENGINES.join(', ')}` })])
    .optional()
    .describe(`Docker engine(s) inside the instance: ${DOCKER_ENGINES.join(', ')} (default ${DEFAULT_ENGINE})`),
  /**
   * A dual-stack instance: IPv6 on the link, dockerd with --ipv6 and ip6tables, IPv6 on bridge
   * tasks and ENIs. Default false.
   */
  ipv6: z.boolean().default(false).describe('dual-stack instance: IPv6 on the link, docker0 and ENIs'),
  /** Which iptables front end the instance's tools use (DESIGN.md: both are real). Default nft. */
  iptables: z.enum(['nft', 'legacy']).default('nft'),
  /** Run once, on first boot, after dockerd is up (as cloud-init's user scripts run). */
  userData: processTextSchema.optional().describe('a shell script run on first boot only, as cloud-init runs user data'),
  /** Run on every boot, in order, after dockerd is up and before the agent starts. */
  everyBoot: z.array(processTextSchema).default([]).describe('shell scripts run on every boot'),
  /**
   * Extra dockerd flags, as /etc/docker/daemon.json would set them (e.g. `--bridge=none`,
   * docker/for-linux#1152). Default none.
   */
  dockerdArgs: z.array(z.string().regex(/^--[a-z][a-z0-9-]*(=[^\0\n\r]*)?$/, { error: 'a dockerd flag, e.g. --bridge=none' })).default([]).describe('extra dockerd flags, e.g. --bridge=none'),
  /**
   * Whether a saved netfilter ruleset is restored at boot, and when: before dockerd (no window,
   * no duplicates) or after it (a window, and Docker's rules wiped). Default none. DESIGN.md
   * "Reboot".
   */
  persistence: z.enum(['none', 'restore-before-docker', 'restore-after-docker']).default('none'),
  /**
   * firewalld running with this FirewallBackend, started before dockerd as systemd orders it
   * (harness/instance/firewall-services.ts). Default none: off, as on the ECS-optimized AMIs.
   */
  firewalld: z.enum(FIREWALLD_SETTINGS).default('none').describe("firewalld's FirewallBackend (nftables or iptables), or none: not running"),
  /**
   * nftables.service enabled, with Debian's /etc/nftables.conf (`flush-ruleset`) or one that
   * replaces only its own table (`own-table`). Default none.
   */
  nftablesService: z.enum(NFTABLES_SERVICE_SETTINGS).default('none').describe('nftables.service enabled with /etc/nftables.conf flushing the whole ruleset (flush-ruleset, Debian\'s default) or only its own table (own-table), or none'),
});

export type InstanceInput = z.input<typeof instanceSchema>;
export type ImdsInput = z.input<typeof imdsSchema>;
