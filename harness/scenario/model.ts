import type { DockerEngine } from '../engine/images/engines.ts';
import type { FirewalldAction, FirewalldSetting, NftablesServiceAction, NftablesServiceSetting } from '../instance/firewall-services.ts';
import type { ApiVersion } from './schema/scenario.ts';
import type { InstanceKind, Target } from './targets.ts';
import type { Verdict } from './verdicts.ts';
import type { PolicyDocument } from '../iam/policy.ts';

/**
 * The loaded model: what the runner gets. Validated, defaults applied, files read, references
 * resolved, every step a discriminated union. Plain data (JSON-serialisable), so reports can
 * embed it.
 */
export interface Scenario {
  apiVersion: ApiVersion;
  name: string;
  description?: string;
  /** The file it was loaded from, or the `sourceName` given to `validateScenario`. */
  source: string;
  instance: Instance;
  roles: Record<string, Role>;
  tasks: Record<string, Task>;
  steps: Step[];
}

/** Where something was written, for the runner's messages. Absent for TypeScript scenarios. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------------------------
// The container instance

export type Instance = Ec2Instance | ExternalInstance;

interface InstanceBase {
  kind: InstanceKind;
  /** 12 digits. Default 123456789012. */
  account: string;
  /** Default us-east-1. */
  region: string;
  /** ecs.config exactly as it will be written: key → value text (YAML scalars turned to text). */
  agentConfig: Record<string, string>;
  /** The keys the simulation acts on, parsed, with the defaults the simulated instance uses. */
  agent: AgentSettings;
  /** The agent release the instance follows. Default DEFAULT_AGENT_VERSION. */
  agentVersion: string;
  /** The Docker engines the scenario concerns (`instance.docker`); absent: the run's engines. */
  docker?: DockerEngine[];
  /** Default nft. */
  iptables: 'nft' | 'legacy';
  /** A dual-stack instance. Default false. */
  ipv6: boolean;
  /** Run on first boot only, after dockerd (as cloud-init runs user data). */
  userData?: string;
  /** Run on every boot, in order. Default []. */
  everyBoot: string[];
  /** Extra dockerd flags. Default []. */
  dockerdArgs: string[];
  /** Default none. */
  persistence: 'none' | 'restore-before-docker' | 'restore-after-docker';
  /** firewalld's FirewallBackend, or `none` (not running). Default none. */
  firewalld: FirewalldSetting;
  /** nftables.service enabled with this /etc/nftables.conf, or `none`. Default none. */
  nftablesService: NftablesServiceSetting;
}

/** An EC2 instance: IMDS at 169.254.169.254. */
export interface Ec2Instance extends InstanceBase {
  kind: 'ec2';
  imds: ImdsSettings;
}

/** An ECS Anywhere instance: no IMDS at all. */
export interface ExternalInstance extends InstanceBase {
  kind: 'external';
}

export interface ImdsSettings {
  /** Default optional. */
  tokens: 'optional' | 'required';
  /** 1..64. Default 1 (EC2 API default; AL2023 AMIs use 2). */
  hopLimit: number;
  /** Default 'ecs-sim-instance-role'. */
  instanceRole: string;
  /** HttpProtocolIpv6: IMDS also at [fd00:ec2::254]. Default disabled. */
  ipv6Endpoint: 'enabled' | 'disabled';
  /** The instance role's permission policy. Default: AmazonEC2ContainerServiceforEC2Role. */
  instancePolicy: PolicyDocument;
}

/**
 * The simulated ecs.config keys as the agent and ecs-init of `agentVersion` would read the file
 * the instance gets at first boot (harness/instance/ecs-init/resolve.ts). User data may change it;
 * the running instance's own reading is what decides at run time.
 */
export interface AgentSettings {
  /** instance.agentVersion. Default DEFAULT_AGENT_VERSION (ecs-init/agent-versions.ts). */
  agentVersion: string;
  /** ECS_DISABLE_PRIVILEGED. Default false. */
  disablePrivileged: boolean;
  /** ECS_CLUSTER. Default 'default'. */
  cluster: string;
  /** ECS_ENABLE_TASK_IAM_ROLE, and a release that has task roles (1.11.0+). Default true (ecs-init sets it). */
  taskIamRole: boolean;
  /** ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST. Default true (ecs-init sets it). */
  taskIamRoleNetworkHost: boolean;
  /** ECS_AWSVPC_BLOCK_IMDS. Default false. */
  awsvpcBlockImds: boolean;
  /** ECS_SKIP_LOCALHOST_TRAFFIC_FILTER. Default false. */
  skipLocalhostTrafficFilter: boolean;
  /** ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS. Default false. */
  allowOffhostIntrospectionAccess: boolean;
  /** ECS_AUDIT_LOGFILE / ECS_AUDIT_LOGFILE_DISABLED. Default enabled, '/log/audit.log'. */
  auditLog: { enabled: boolean; file: string };
  /** ECS_TASK_METADATA_RPS_LIMIT. Default 40 requests/s, burst 60. */
  taskMetadataRpsLimit: { rate: number; burst: number };
}

// ---------------------------------------------------------------------------------------------
// IAM

export interface Role {
  name: string;
  /** Default: the AWS guide's trust policy for tasks (ecs-tasks.amazonaws.com may assume it). */
  trustPolicy: PolicyDocument;
  /** Absent: the role has no permissions (it still has an identity). */
  permissionPolicy?: PolicyDocument;
  /** The JSON files the policies came from, when they came from files. */
  files: { trustPolicy?: string; permissionPolicy?: string };
}

/** An IAM policy document with `Statement` always a list: the engine's own type (harness/iam/policy.ts). */
export type { PolicyDocument, PolicyStatement } from '../iam/policy.ts';

// ---------------------------------------------------------------------------------------------
// Tasks

export type NetworkMode = 'bridge' | 'host' | 'awsvpc';

export interface Task {
  /** The name in the scenario (the `tasks` key). */
  name: string;
  /** The JSON file the definition came from; absent when inline. */
  definitionFile?: string;
  /** Default: the task's name. */
  family: string;
  /** Default bridge. */
  networkMode: NetworkMode;
  /** The role (a key of `roles`) named by taskRoleArn; absent when the task has none. */
  taskRole?: string;
  /** The role named by executionRoleArn. */
  executionRole?: string;
  pidMode?: 'host' | 'task';
  ipcMode?: 'host' | 'task' | 'none';
  /** RegisterTaskDefinition.volumes, as the simulation mounts them. Default []. */
  volumes: Volume[];
  containers: Container[];
  /** The `x-ecs-sim` extension, defaults applied. */
  sim: SimSettings;
  /** The definition as written (every field, simulated or not), for reports. */
  definition: Record<string, unknown>;
}

/** A task volume: a bind mount of an instance path, or a Docker volume in the instance's engine. */
export type Volume =
  | { name: string; kind: 'host'; sourcePath: string }
  /** `scope: task` volumes are made per task and go with it; `shared` ones outlive it (ECS API). */
  | { name: string; kind: 'docker'; scope: 'task' | 'shared'; driver: string };

/** ContainerDefinition.mountPoints: `sourceVolume` names one of the task's volumes. */
export interface MountPoint {
  sourceVolume: string;
  containerPath: string;
  /** Default false. */
  readOnly: boolean;
}

/** ContainerDefinition.logConfiguration; only awslogs is simulated (the others run as json-file). */
export interface LogConfiguration {
  logDriver: string;
  options: Record<string, string>;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  entryPoint?: string[];
  /** Default []. */
  environment: { name: string; value: string }[];
  /** Default true. */
  essential: boolean;
  user?: string;
  workingDirectory?: string;
  /** Default false. */
  privileged: boolean;
  /** linuxParameters.capabilities plus x-ecs-sim.capAdd. Default both []. */
  capabilities: { add: string[]; drop: string[] };
  /** Default []. */
  mountPoints: MountPoint[];
  logConfiguration?: LogConfiguration;
}

export interface SimSettings {
  /** A nested user-defined Docker network (bridge tasks only); absent: docker0. */
  network?: string;
  /** Default []. Already merged into every container's capabilities.add. */
  capAdd: string[];
  /** Started when the scenario starts. Default true. */
  start: boolean;
}

// ---------------------------------------------------------------------------------------------
// Steps

/** Who probes: the container instance itself, or a running task (by its scenario name). */
export type ProbeFrom = { kind: 'instance' } | { kind: 'task'; task: string };

/** One cell of a truth table. */
export interface Expectation {
  /** The row's `id`, when it has one: reports name the cell after it. */
  id?: string;
  from: ProbeFrom;
  target: Target;
  verdict: Verdict;
  location?: SourceLocation;
}

interface StepBase {
  /** Position in `steps`, 0-based. */
  index: number;
  location?: SourceLocation;
}

/** A command: argv as given, or a shell string turned into ['/bin/sh', '-c', string]. */
export type Command = string[];

export type Step =
  | (StepBase & { kind: 'expect'; expectations: Expectation[] })
  | (StepBase & { kind: 'reboot' })
  | (StepBase & { kind: 'restart-docker' })
  /** `systemctl restart ecs`: ecs-init post-stop and pre-start, the agent restarted (ecs.config read anew). */
  | (StepBase & { kind: 'restart-agent' })
  /** The AMI's iptables service (iptables-services): `systemctl <action> iptables` / `service iptables save`. */
  | (StepBase & { kind: 'iptables-service'; action: 'restart' | 'stop' | 'start' | 'save' })
  /** firewalld (`instance.firewalld`): `firewall-cmd --reload` / `--complete-reload`. */
  | (StepBase & { kind: 'firewalld'; action: FirewalldAction })
  /** nftables.service (`instance.nftablesService`): `systemctl <action> nftables`. */
  | (StepBase & { kind: 'nftables-service'; action: NftablesServiceAction })
  | (StepBase & {
      kind: 'exec';
      task: string;
      /** Default: the task's first container. */
      container: string;
      command: Command;
      /** Default 0. */
      exitCode: number;
      /** A JavaScript regular expression (validated) the stdout must match. */
      stdout?: string;
    })
  | (StepBase & { kind: 'instance'; command: Command; exitCode: number; stdout?: string })
  | (StepBase & {
      kind: 'run-task';
      /** The task definition (a `tasks` key). */
      task: string;
      /** The running copy's name. Default: the task's own name. */
      as: string;
    })
  | (StepBase & { kind: 'stop-task'; task: string });

export type StepKind = Step['kind'];
