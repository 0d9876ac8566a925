import { z } from 'zod';
import { processTextSchema } from './common.ts';

/**
 * An ECS task definition in the JSON shape `aws ecs register-task-definition --cli-input-json`
 * takes (ECS API reference: RegisterTaskDefinition, ContainerDefinition), so that users can point
 * at their real files. Fields the simulation acts on are typed; every other field of that API is
 * accepted as is and reported as a note ("accepted, not simulated"); a field the API does not
 * have is an error.
 */

/** Linux capabilities as ECS names them (ECS API reference: KernelCapabilities). */
export const CAPABILITIES = [
  'ALL', 'AUDIT_CONTROL', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH',
  'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN',
  'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'SETFCAP',
  'SETGID', 'SETPCAP', 'SETUID', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE',
  'SYS_PACCT', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG',
  'WAKE_ALARM',
] as const;
export const capabilitySchema = z.enum(CAPABILITIES);

/** ContainerDefinition fields of the ECS API that the simulation ignores. */
export const CONTAINER_FIELDS_NOT_SIMULATED = [
  'repositoryCredentials', 'cpu', 'memory', 'memoryReservation', 'links', 'portMappings', 'restartPolicy',
  'environmentFiles', 'volumesFrom', 'secrets', 'dependsOn', 'startTimeout', 'stopTimeout',
  'versionConsistency', 'hostname', 'disableNetworking', 'readonlyRootFilesystem', 'dnsServers',
  'dnsSearchDomains', 'extraHosts', 'dockerSecurityOptions', 'interactive', 'pseudoTerminal', 'dockerLabels',
  'ulimits', 'healthCheck', 'systemControls', 'resourceRequirements',
  'firelensConfiguration', 'credentialSpecs',
] as const;

/** LinuxParameters fields other than `capabilities`. */
export const LINUX_PARAMETERS_NOT_SIMULATED = ['devices', 'initProcessEnabled', 'sharedMemorySize', 'tmpfs', 'maxSwap', 'swappiness'] as const;

/** RegisterTaskDefinition request fields that the simulation ignores. */
export const TASK_FIELDS_NOT_SIMULATED = [
  'placementConstraints', 'requiresCompatibilities', 'cpu', 'memory', 'tags', 'proxyConfiguration',
  'inferenceAccelerators', 'ephemeralStorage', 'runtimePlatform', 'enableFaultInjection',
] as const;

const accepted = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, z.unknown().optional()])) as Record<K, z.ZodOptional<z.ZodUnknown>>;

/**
 * ContainerDefinition.image (ECS API reference): "up to 255 characters total are allowed,
 * including letters (uppercase and lowercase), numbers, hyphens, underscores, colons, periods,
 * forward slashes, and number signs"; with a digest (`...@sha256:<64 hex>`) the 255 count the
 * part before the `@`. Anything else (a newline, a space) would change the reference Docker gets.
 */
export const IMAGE_REFERENCE = /^[A-Za-z0-9_.:/#-]{1,255}(@sha256:[A-Fa-f0-9]{64})?$/;

/**
 * Docker's container Env is a list of "NAME=value" strings (Engine API, ContainerCreate): a
 * name holding "=" would split elsewhere, and a newline or NUL would not survive as a name.
 */
export const ENVIRONMENT_NAME = /^[^=\0\r\n]+$/;

const keyValueSchema = z.strictObject({
  name: z.string().regex(ENVIRONMENT_NAME, { error: 'an environment variable name holds no "=", newline or NUL' }),
  value: processTextSchema,
});

/** An absolute path that survives Docker's `source:target:options` Binds syntax. */
const BIND_PATH = /^\/[^:\0-\x1f\x7f]*$/;

/** ContainerDefinition.mountPoints (ECS API reference: MountPoint). */
const mountPointSchema = z.strictObject({
  /** The `name` of one of the task's `volumes`. */
  sourceVolume: z.string().min(1),
  // Docker's Binds are "source:target[:options]": a ":" (or a control character) in a path would
  // split elsewhere and could add options or a different mount (Engine API, HostConfig.Binds).
  containerPath: z.string().regex(BIND_PATH, { error: 'containerPath is an absolute path in the container with no ":" or control character, e.g. /var/run/docker.sock' }),
  /** Default false. */
  readOnly: z.boolean().optional(),
});

/**
 * ContainerDefinition.logConfiguration (ECS API reference: LogConfiguration). Only `awslogs` is
 * simulated (the driver the execution role serves); the others are accepted and run with Docker's
 * default json-file driver, with a note.
 */
export const LOG_DRIVERS = ['json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'awsfirelens'] as const;
const logConfigurationSchema = z.strictObject({
  logDriver: z.enum(LOG_DRIVERS),
  options: z.record(z.string(), processTextSchema).optional(),
  secretOptions: z.unknown().optional(),
});

export const containerDefinitionSchema = z.strictObject({
  /** Unique within the task; `exec` steps name it. */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: 'a container name is 1-255 letters, digits, "_" or "-"' }),
  image: z.string().regex(IMAGE_REFERENCE, { error: 'an image reference: up to 255 letters, digits, "-", "_", ":", ".", "/" or "#" (ECS API), optionally @sha256:<digest>' }),
  command: z.array(processTextSchema).optional(),
  entryPoint: z.array(processTextSchema).optional(),
  environment: z.array(keyValueSchema).optional(),
  /** Default true (ECS API). */
  essential: z.boolean().optional(),
  user: processTextSchema.optional(),
  workingDirectory: processTextSchema.optional(),
  /** Default false. */
  privileged: z.boolean().optional(),
  mountPoints: z.array(mountPointSchema).optional(),
  logConfiguration: logConfigurationSchema.optional(),
  linuxParameters: z
    .strictObject({
      capabilities: z
        .strictObject({ add: z.array(capabilitySchema).optional(), drop: z.array(capabilitySchema).optional() })
        .optional(),
      ...accepted(LINUX_PARAMETERS_NOT_SIMULATED),
    })
    .optional(),
  ...accepted(CONTAINER_FIELDS_NOT_SIMULATED),
});

/**
 * The one extension field, `x-ecs-sim`: what a real task definition cannot say but a simulation
 * needs. It may sit next to `file:` so that the real file stays untouched.
 */
export const simExtensionSchema = z.strictObject({
  /**
   * Put the (bridge) task on a nested user-defined Docker network of this name instead of
   * docker0: DOCKER-USER rules matching `-i docker+` do not see its traffic (DESIGN.md).
   */
  network: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, { error: 'a Docker network name is letters, digits, "_", "." or "-"' })
    .optional(),
  /** Capabilities added to every container of the task, e.g. NET_ADMIN. Default none. */
  capAdd: z.array(capabilitySchema).optional(),
  /** Started when the scenario starts. Default true; false leaves it to a `run-task` step. */
  start: z.boolean().optional(),
});

export const SIM_EXTENSION_KEY = 'x-ecs-sim';

/**
 * RegisterTaskDefinition.volumes (ECS API reference: Volume). `host.sourcePath` is a bind mount of
 * the instance's path; `dockerVolumeConfiguration`, or neither, a Docker volume (task-scoped unless
 * `scope: shared`). EFS, FSx and configuredAtLaunch are accepted, not simulated.
 */
const volumeSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: 'a volume name is 1-255 letters, digits, "_" or "-"' }),
  host: z.strictObject({ sourcePath: z.string().regex(/^[^:\0-\x1f\x7f]*$/, { error: 'sourcePath holds no ":" or control character (Docker Binds are source:target:options)' }).optional() }).optional(),
  dockerVolumeConfiguration: z
    .strictObject({
      scope: z.enum(['task', 'shared']).optional(),
      autoprovision: z.boolean().optional(),
      driver: z.string().optional(),
      driverOpts: z.record(z.string(), z.string()).optional(),
      labels: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  efsVolumeConfiguration: z.unknown().optional(),
  fsxWindowsFileServerVolumeConfiguration: z.unknown().optional(),
  configuredAtLaunch: z.unknown().optional(),
});

export const taskDefinitionSchema = z.strictObject({
  /** Default: the task's name in the scenario. */
  family: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: 'a family is 1-255 letters, digits, "_" or "-"' }).optional(),
  /** `arn:aws:iam::<account>:role/<name>` or a bare role name; must name a role in `roles`. */
  taskRoleArn: z.string().min(1).optional(),
  /** Same form as taskRoleArn; its credentials are served as GetCredentialsExecutionRole. */
  executionRoleArn: z.string().min(1).optional(),
  /** Default bridge (ECS default on Linux). `none` is not simulated. */
  networkMode: z.enum(['bridge', 'host', 'awsvpc']).default('bridge'),
  containerDefinitions: z.array(containerDefinitionSchema).min(1),
  /** `task` shares one PID namespace among the task's containers; `host` shares the instance's. */
  pidMode: z.enum(['host', 'task']).optional(),
  ipcMode: z.enum(['host', 'task', 'none']).optional(),
  volumes: z.array(volumeSchema).optional(),
  ...accepted(TASK_FIELDS_NOT_SIMULATED),
  [SIM_EXTENSION_KEY]: simExtensionSchema.optional(),
});

export type ContainerDefinitionInput = z.input<typeof containerDefinitionSchema>;
export type TaskDefinitionInput = z.input<typeof taskDefinitionSchema>;
export type SimExtensionInput = z.input<typeof simExtensionSchema>;
