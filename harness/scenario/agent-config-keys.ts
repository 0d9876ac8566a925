/**
 * The ecs.config keys a scenario may set (`instance.agentConfig`).
 *
 * Two kinds: the keys the simulation acts on, and real ECS agent keys it accepts but does not
 * simulate (reported as notes, so a user can paste a real ecs.config without editing it). Anything
 * else is an error with the nearest key suggested. Sources: aws/amazon-ecs-agent README
 * ("Environment Variables" table) and agent/config/config_unix.go; ECS-FACTS.md for what ecs-init
 * does with each simulated key. Windows-only keys are left out: the simulated instance is Linux.
 */

export interface SimulatedAgentKey {
  key: string;
  /** What the simulation does with it. */
  effect: string;
  /** The value the simulated instance uses when the key is absent, as ecs.config text. */
  default: string;
  /** Where the default comes from. */
  source: string;
  kind: 'boolean' | 'cluster-name' | 'path' | 'rate-burst' | 'interface-name' | 'duration';
}

export const SIMULATED_AGENT_KEYS = [
  {
    key: 'ECS_CLUSTER',
    effect: 'cluster name in the audit log and the task metadata',
    default: 'default',
    source: 'amazon-ecs-agent README',
    kind: 'cluster-name',
  },
  {
    key: 'ECS_ENABLE_TASK_IAM_ROLE',
    effect: 'whether the agent serves task role credentials at all',
    // ecs-init passes "true" to the agent unless ecs.config overrides it
    // (ecs-init/docker/docker.go, getContainerConfig); the bare agent's default is false.
    default: 'true',
    source: 'ecs-init/docker/docker.go getContainerConfig',
    kind: 'boolean',
  },
  {
    key: 'ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST',
    effect: 'whether host-mode tasks may have a task role (capability only; ECS-FACTS.md "Network modes")',
    default: 'true',
    source: 'ecs-init/docker/docker.go getContainerConfig',
    kind: 'boolean',
  },
  {
    key: 'ECS_AWSVPC_BLOCK_IMDS',
    effect: 'a blackhole route to 169.254.169.254 in each awsvpc task namespace (ECS-FACTS.md "Network modes")',
    default: 'false',
    source: 'amazon-ecs-agent README',
    kind: 'boolean',
  },
  {
    key: 'ECS_SKIP_LOCALHOST_TRAFFIC_FILTER',
    effect: 'ecs-init skips its INPUT DROP of non-local packets to 127.0.0.0/8 (ECS-FACTS.md "ecs-init")',
    default: 'false',
    source: 'amazon-ecs-agent README',
    kind: 'boolean',
  },
  {
    key: 'ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS',
    effect: 'ecs-init skips its INPUT DROP of port 51678 (ECS-FACTS.md "ecs-init")',
    default: 'false',
    source: 'amazon-ecs-agent README',
    kind: 'boolean',
  },
  {
    key: 'ECS_AUDIT_LOGFILE',
    effect: 'where the credential endpoint audit log is written, inside the agent container',
    default: '/log/audit.log',
    source: 'ECS-FACTS.md "ECS agent: task credential endpoint"',
    kind: 'path',
  },
  {
    key: 'ECS_AUDIT_LOGFILE_DISABLED',
    effect: 'turns the audit log off',
    default: 'false',
    source: 'ECS-FACTS.md "ECS agent: task credential endpoint"',
    kind: 'boolean',
  },
  {
    key: 'ECS_DISABLE_PRIVILEGED',
    effect: 'the agent refuses tasks with a privileged container (ECS places none on the instance)',
    default: 'false',
    source: 'agent/config/config.go PrivilegedDisabled; amazon-ecs-agent README',
    kind: 'boolean',
  },
  {
    key: 'ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME',
    effect: "before 1.97.0, the interface of ecs-init's :51678 DROP (default: the default-route interface)",
    default: '',
    source: 'ecs-init/exec/iptables/iptables.go getOffhostIntrospectionInterface (before commit 847398739)',
    kind: 'interface-name',
  },
  {
    key: 'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION',
    effect: "how long a stopped task's containers, and its execution-role credentials, stay before the agent cleans it up (a Go duration, at least 1s)",
    default: '3h',
    source: 'agent/config/config.go DefaultTaskCleanupWaitDuration; agent/engine/task_manager.go cleanupTask',
    kind: 'duration',
  },
  {
    key: 'ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE',
    effect: "awslogs containers of a task with an execution role get its credentials endpoint in their log options (awslogs-credentials-endpoint)",
    default: 'true',
    source: 'ecs-init/docker/docker_config.go (Amazon Linux); agent/api/task/task.go ApplyExecutionRoleLogsAuth',
    kind: 'boolean',
  },
  {
    key: 'ECS_TASK_METADATA_RPS_LIMIT',
    effect: 'the credential/metadata endpoint throttle, "rate,burst" per client IP and path',
    default: '40,60',
    source: 'amazon-ecs-agent README; ECS-FACTS.md',
    kind: 'rate-burst',
  },
] as const satisfies readonly SimulatedAgentKey[];

export type SimulatedAgentKeyName = (typeof SIMULATED_AGENT_KEYS)[number]['key'];

/** Real agent (and ecs-init) keys for Linux that ecs-sim accepts and ignores. */
export const NOT_SIMULATED_AGENT_KEYS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_DEFAULT_REGION',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'CREDENTIALS_FETCHER_HOST',
  'CREDENTIALS_FETCHER_SECRET_NAME_FOR_DOMAINLESS_GMSA',
  'DOCKER_HOST',
  'ECS_AGENT_HEALTHCHECK_HOST',
  'ECS_ALTERNATE_CREDENTIAL_PROFILE',
  'ECS_APPARMOR_CAPABLE',
  'ECS_AVAILABLE_LOGGING_DRIVERS',
  'ECS_AWSVPC_ADDITIONAL_LOCAL_ROUTES',
  'ECS_CGROUP_CPU_PERIOD',
  'ECS_CGROUP_PATH',
  'ECS_CHECKPOINT',
  'ECS_CNI_PLUGINS_PATH',
  'ECS_CONTAINER_CREATE_TIMEOUT',
  'ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM',
  'ECS_CONTAINER_INSTANCE_TAGS',
  'ECS_CONTAINER_START_TIMEOUT',
  'ECS_CONTAINER_STOP_TIMEOUT',
  'ECS_DATADIR',
  'ECS_DISABLE_DOCKER_HEALTH_CHECK',
  'ECS_DISABLE_IMAGE_CLEANUP',
  'ECS_DISABLE_METRICS',
  'ECS_DYNAMIC_HOST_PORT_RANGE',
  'ECS_ENABLE_CONTAINER_METADATA',
  'ECS_ENABLE_GPU_SUPPORT',
  'ECS_ENABLE_HIGH_DENSITY_ENI',
  'ECS_ENABLE_RUNTIME_STATS',
  'ECS_ENABLE_SPOT_INSTANCE_DRAINING',
  'ECS_ENABLE_TASK_CPU_MEM_LIMIT',
  'ECS_ENABLE_TASK_ENI',
  'ECS_ENABLE_UNTRACKED_IMAGE_CLEANUP',
  'ECS_ENGINE_AUTH_DATA',
  'ECS_ENGINE_AUTH_TYPE',
  'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION_JITTER',
  'ECS_EXCLUDE_IPV6_PORTBINDING',
  'ECS_EXCLUDE_UNTRACKED_IMAGE',
  'ECS_GMSA_SUPPORTED',
  'ECS_HOST_DATA_DIR',
  'ECS_IMAGE_CLEANUP_INTERVAL',
  'ECS_IMAGE_MINIMUM_CLEANUP_AGE',
  'ECS_IMAGE_PULL_BEHAVIOR',
  'ECS_IMAGE_PULL_INACTIVITY_TIMEOUT',
  'ECS_IMAGE_PULL_TIMEOUT',
  'ECS_INSTANCE_ATTRIBUTES',
  'ECS_LOGFILE',
  'ECS_LOGLEVEL',
  'ECS_LOGLEVEL_ON_INSTANCE',
  'ECS_LOG_DRIVER',
  'ECS_LOG_MAX_FILE_SIZE_MB',
  'ECS_LOG_MAX_ROLL_COUNT',
  'ECS_LOG_OPTS',
  'ECS_LOG_OUTPUT_FORMAT',
  'ECS_LOG_ROLLOVER_TYPE',
  'ECS_NUM_IMAGES_DELETE_PER_CYCLE',
  'ECS_NVIDIA_RUNTIME',
  'ECS_POLLING_METRICS_WAIT_DURATION',
  'ECS_POLL_METRICS',
  'ECS_PULL_DEPENDENT_CONTAINERS_UPFRONT',
  'ECS_RESERVED_MEMORY',
  'ECS_RESERVED_PORTS',
  'ECS_RESERVED_PORTS_UDP',
  'ECS_SELINUX_CAPABLE',
  'ECS_SHARED_VOLUME_MATCH_FULL_CONFIG',
  'ECS_TASK_PIDS_LIMIT',
  'ECS_UPDATES_ENABLED',
  'ECS_WARM_POOLS_CHECK',
  'HTTP_PROXY',
  'NON_ECS_IMAGE_MINIMUM_CLEANUP_AGE',
  'NO_PROXY',
] as const;

export const SIMULATED_AGENT_KEY_NAMES: readonly SimulatedAgentKeyName[] = SIMULATED_AGENT_KEYS.map((k) => k.key);

/** Every key `agentConfig` accepts. */
export const AGENT_CONFIG_KEYS: readonly string[] = [...SIMULATED_AGENT_KEY_NAMES, ...NOT_SIMULATED_AGENT_KEYS];

export const isSimulatedAgentKey = (key: string): key is SimulatedAgentKeyName =>
  (SIMULATED_AGENT_KEY_NAMES as readonly string[]).includes(key);
