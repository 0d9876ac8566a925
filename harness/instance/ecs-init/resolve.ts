import { AGENT_CONFIG_KEYS } from '../../scenario/agent-config-keys.ts';
import { nearest } from '../../scenario/suggest.ts';
import { AGENT_GATES, hasGate } from './agent-versions.ts';
import { getEnvVars } from './ecs-init-env-vars.ts';
import { goAtoi, goParseBool, goParseDuration, goTrimSpace } from './go-strconv.ts';
import { parseSystemdEnvFile } from './systemd-env-file.ts';

/**
 * ecs.config as the real pieces read it, resolved once: ecs-init's own keys through systemd's
 * EnvironmentFile (systemd-env-file.ts) then Go's ParseBool, the agent's keys through ecs-init's
 * getEnvVars (ecs-init-env-vars.ts, values verbatim) on top of ecs-init's defaults, then the
 * agent's own parsing (value trimmed, ParseBool, the default on error: agent/config/parse.go,
 * agent/config/config.go). Boot, the agent, the awsvpc wiring and the scenario loader all use
 * this; nothing else parses ecs.config.
 *
 * Every place where a real reader would silently misread or ignore a line becomes a finding,
 * naming the line and what the real component does with it.
 */

export interface Finding {
  key: string;
  /** 1-based line of ecs.config; absent for findings about the file as a whole. */
  line?: number;
  /** The line as written. */
  text?: string;
  reader: 'ecs-init' | 'agent';
  message: string;
}

export interface ResolvedEcsConfig {
  agentVersion: string;
  /** What ecs-init's pre-start reads (ecs-init/exec/iptables/iptables.go). */
  ecsInit: {
    skipLocalhostTrafficFilter: boolean;
    allowOffhostIntrospectionAccess: boolean;
    /** ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME when the release reads it and the name is valid. */
    offhostIntrospectionInterface?: string;
  };
  /** What the agent reads at its start (agent/config/config.go environmentConfig). */
  agent: {
    cluster: string;
    taskIamRole: boolean;
    taskIamRoleNetworkHost: boolean;
    awsvpcBlockImds: boolean;
    disablePrivileged: boolean;
    auditLog: { enabled: boolean; file: string };
    rpsLimit: { rate: number; burst: number };
    /**
     * ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION, ms: how long a stopped task's containers, and its
     * execution-role credentials, stay (agent/engine/task_manager.go cleanupTask). Default 3 h.
     */
    taskCleanupWaitMs: number;
    /**
     * ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE: awslogs containers of a task with an execution
     * role get `awslogs-credentials-endpoint` (agent/api/task/task.go ApplyExecutionRoleLogsAuth).
     * ecs-init sets it on Amazon Linux (ecs-init/docker/docker_config.go).
     */
    awslogsExecutionRoleOverride: boolean;
  };
  /** What the agent advertises: a setting and a release that has it (AGENT_GATES). */
  capabilities: { taskIamRole: boolean; taskIamRoleNetworkHost: boolean };
  findings: Finding[];
}

/** ecs-init's defaults for the agent container (ecs-init/docker/docker.go getContainerConfig). */
const ECS_INIT_AGENT_DEFAULTS: Record<string, string> = {
  ECS_ENABLE_TASK_IAM_ROLE: 'true',
  ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST: 'true',
  // Amazon Linux builds of ecs-init (ecs-init/docker/docker_config.go getPlatformSpecificEnvVariables).
  ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE: 'true',
};

/** The agent's audit log, a path in its container, where /log is the host's /var/log/ecs (ECS-FACTS.md). */
export const DEFAULT_AUDIT_LOG = '/log/audit.log';
const DEFAULT_RPS = { rate: 40, burst: 60 }; // agent/config/config.go DefaultTaskMetadata{SteadyState,Burst}Rate
const DEFAULT_CLUSTER = 'default'; // agent/config/config.go DefaultClusterName
/** agent/config/config.go DefaultTaskCleanupWaitDuration (3 h) and minimumTaskCleanupWaitDuration (1 s). */
export const DEFAULT_TASK_CLEANUP_WAIT_MS = 3 * 3_600_000;
const MIN_TASK_CLEANUP_WAIT_MS = 1000;

/** Keys read by ecs-init itself (from its environment), not by the agent. */
export const ECS_INIT_KEYS = ['ECS_SKIP_LOCALHOST_TRAFFIC_FILTER', 'ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS', 'ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME'] as const;

const show = (s: string) => JSON.stringify(s);

export function resolveEcsConfig(text: string, agentVersion: string): ResolvedEcsConfig {
  const findings: Finding[] = [];
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const at = (line: number | undefined) => (line === undefined ? {} : { line, text: lines[line - 1] ?? '' });
  const systemd = parseSystemdEnvFile(text);
  const init = getEnvVars(text);
  const lastLine = (key: string) => init.entries.filter((e) => e.key === key).at(-1)?.line;

  // --- Lines no reader takes as the key they look like.
  for (const e of init.entries) {
    const bare = goTrimSpace(e.key.replace(/^\s*export\s+/, ''));
    if (bare === e.key || !AGENT_CONFIG_KEYS.includes(bare)) continue;
    const isInit = (ECS_INIT_KEYS as readonly string[]).includes(bare);
    findings.push({
      key: bare,
      ...at(e.line),
      reader: isInit ? 'ecs-init' : 'agent',
      message: isInit && !e.key.startsWith('export')
        ? `${bare}: systemd reads this line, but ecs-init hands the agent a variable named ${show(e.key)}`
        : `${bare}: ecs-init passes the agent a variable named ${show(e.key)} (the line is split at the first "=", the key not trimmed), so the agent never reads ${bare} and uses its default`,
    });
  }
  for (const e of init.entries) {
    if (AGENT_CONFIG_KEYS.includes(e.key) || !/^ECS_[A-Z0-9_]+$/.test(e.key)) continue;
    const near = nearest(e.key, AGENT_CONFIG_KEYS);
    findings.push({ key: e.key, ...at(e.line), reader: 'agent', message: `neither the agent nor ecs-init reads ${e.key}${near ? ` (did you mean ${near}?)` : ''}` });
  }
  const seen = new Map<string, number[]>();
  for (const e of init.entries) seen.set(e.key, [...(seen.get(e.key) ?? []), e.line]);
  for (const [key, at_] of seen) {
    if (at_.length < 2 || !AGENT_CONFIG_KEYS.includes(key)) continue;
    for (const l of at_.slice(0, -1)) findings.push({ key, ...at(l), reader: 'agent', message: `${key} is set again on line ${at_.at(-1)}: only that last line counts` });
  }

  // --- ecs-init's keys: systemd's environment, Go's ParseBool without trimming (iptables.go
  //     skipLocalhostTrafficFilter, allowOffhostIntrospection).
  const initBool = (key: (typeof ECS_INIT_KEYS)[number]): boolean => {
    const s = systemd.env.get(key) ?? '';
    if (s === '') return false;
    const b = goParseBool(s);
    if (b === undefined) {
      const line = systemd.assignments.filter((a) => a.key === key).at(-1)?.line;
      findings.push({ key, ...at(line), reader: 'ecs-init', message: `${key}: ecs-init reads ${show(s)}, not a boolean (Go strconv.ParseBool), and uses the default, false` });
      return false;
    }
    return b;
  };
  const ecsInit: ResolvedEcsConfig['ecsInit'] = {
    skipLocalhostTrafficFilter: initBool('ECS_SKIP_LOCALHOST_TRAFFIC_FILTER'),
    allowOffhostIntrospectionAccess: initBool('ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS'),
  };
  const iface = systemd.env.get('ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME');
  if (iface !== undefined && iface !== '') {
    const line = lastLine('ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME');
    if (!hasGate(agentVersion, 'offhostIntrospectionInterfaceName')) {
      findings.push({ key: 'ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME', ...at(line), reader: 'ecs-init', message: `ecs-init ${agentVersion} does not read ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME (added in ${AGENT_GATES.offhostIntrospectionInterfaceName.since}): its :51678 DROP names eth0` });
    } else if (hasGate(agentVersion, 'introspectionLoopbackOnly')) {
      findings.push({ key: 'ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME', ...at(line), reader: 'ecs-init', message: `ecs-init ${agentVersion} no longer reads ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME: since ${AGENT_GATES.introspectionLoopbackOnly.since} its :51678 DROP is "! -i lo"` });
    } else {
      const bad = ifnameProblem(iface);
      if (bad) findings.push({ key: 'ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME', ...at(line), reader: 'ecs-init', message: `ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME ${show(iface)}: ${bad}; ecs-init falls back to the default-route interface` });
      else ecsInit.offhostIntrospectionInterface = iface;
    }
  }

  // --- The agent's keys: ecs-init's defaults, then the file, verbatim.
  const env = new Map<string, string>(Object.entries(ECS_INIT_AGENT_DEFAULTS));
  for (const [k, v] of init.vars) env.set(k, v);
  const agentBool = (key: string, dflt: boolean): boolean => {
    const raw = env.get(key) ?? '';
    const s = goTrimSpace(raw);
    if (s === '') return dflt;
    const b = goParseBool(s);
    if (b === undefined) {
      findings.push({ key, ...at(lastLine(key)), reader: 'agent', message: `${key}=${raw}: the agent reads ${show(raw)}, not a boolean, and uses the default, ${dflt}` });
      return dflt;
    }
    return b;
  };
  const verbatim = (key: string, dflt: string): string => {
    const raw = env.get(key) ?? '';
    if (raw === '') return dflt;
    if (/^["'].*["']$/.test(raw) || raw !== goTrimSpace(raw)) {
      findings.push({ key, ...at(lastLine(key)), reader: 'agent', message: `${key}: the agent takes the value verbatim, quotes and spaces included: ${show(raw)}` });
    }
    return raw;
  };
  const agent: ResolvedEcsConfig['agent'] = {
    cluster: verbatim('ECS_CLUSTER', DEFAULT_CLUSTER),
    // parseBooleanDefaultFalseConfig: an unreadable value is NotSet, which is false.
    taskIamRole: agentBool('ECS_ENABLE_TASK_IAM_ROLE', false),
    taskIamRoleNetworkHost: agentBool('ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST', false),
    awsvpcBlockImds: agentBool('ECS_AWSVPC_BLOCK_IMDS', false),
    disablePrivileged: agentBool('ECS_DISABLE_PRIVILEGED', false),
    auditLog: { enabled: !agentBool('ECS_AUDIT_LOGFILE_DISABLED', false), file: verbatim('ECS_AUDIT_LOGFILE', DEFAULT_AUDIT_LOG) },
    rpsLimit: rpsLimit(env.get('ECS_TASK_METADATA_RPS_LIMIT') ?? '', (message) => findings.push({ key: 'ECS_TASK_METADATA_RPS_LIMIT', ...at(lastLine('ECS_TASK_METADATA_RPS_LIMIT')), reader: 'agent', message })),
    taskCleanupWaitMs: cleanupWait(env.get('ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION') ?? '', (message) => findings.push({ key: 'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION', ...at(lastLine('ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION')), reader: 'agent', message })),
    awslogsExecutionRoleOverride: agentBool('ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE', false),
  };
  const capabilities = {
    taskIamRole: agent.taskIamRole && hasGate(agentVersion, 'taskIamRole'),
    taskIamRoleNetworkHost: agent.taskIamRole && agent.taskIamRoleNetworkHost && hasGate(agentVersion, 'taskIamRoleNetworkHost'),
  };
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { agentVersion, ecsInit, agent, capabilities, findings };
}

/** agent/config/parse.go parseTaskMetadataThrottles, then config.go's "<= 0: defaults". */
function rpsLimit(raw: string, warn: (m: string) => void): { rate: number; burst: number } {
  if (raw === '') return { ...DEFAULT_RPS };
  const parts = raw.split(',');
  const [rate, burst] = parts.length === 2 ? parts.map((p) => goAtoi(goTrimSpace(p))) : [undefined, undefined];
  if (rate === undefined || burst === undefined || rate <= 0 || burst <= 0) {
    warn(`ECS_TASK_METADATA_RPS_LIMIT=${raw}: the agent expects "rate,burst" (two positive integers) and uses the defaults, ${DEFAULT_RPS.rate},${DEFAULT_RPS.burst}`);
    return { ...DEFAULT_RPS };
  }
  return { rate, burst };
}

/**
 * agent/config/parse.go parseEnvVariableDuration (Go time.ParseDuration of the value as given, 0
 * on error), then config.go: below the 1 s minimum, the 3 h default.
 */
function cleanupWait(raw: string, warn: (m: string) => void): number {
  if (raw === '') return DEFAULT_TASK_CLEANUP_WAIT_MS;
  const ms = goParseDuration(raw);
  if (ms === undefined || ms < MIN_TASK_CLEANUP_WAIT_MS) {
    warn(`ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=${raw}: ${ms === undefined ? 'not a Go duration (e.g. 1m, 30s, 1h30m)' : 'below the 1s minimum'}, so the agent uses the default, 3h`);
    return DEFAULT_TASK_CLEANUP_WAIT_MS;
  }
  return ms;
}

/** ecs-init's checkValidIfname (iptables.go before 1.97.0; the kernel's dev_valid_name). */
function ifnameProblem(name: string): string | undefined {
  if (name.length >= 16) return 'an interface name is shorter than 16 characters';
  if (name === '.' || name === '..') return 'an interface name cannot be "." or ".."';
  if (/[/:\s]/.test(name)) return 'an interface name has no space, ":" or "/"';
  return undefined;
}
