import { agentVersionProblem, AGENT_GATES, DEFAULT_AGENT_VERSION, hasGate } from '../../instance/ecs-init/agent-versions.ts';
import { resolveEcsConfig } from '../../instance/ecs-init/resolve.ts';
import { isSimulatedAgentKey } from '../agent-config-keys.ts';
import type { Path } from '../issues.ts';
import type { AgentSettings } from '../model.ts';
import type { Reporter } from '../reporter.ts';

/**
 * `instance.agentConfig` and `instance.agentVersion`: the ecs.config the instance will get, read by
 * the same resolver the instance's ecs-init runs (harness/instance/ecs-init/resolve.ts), so that a
 * value the real agent or ecs-init would misread is a located error here, and a line user data
 * writes is a warning at run time. Notes for real keys that are not simulated; unknown keys are
 * already errors from the schema (with a suggestion).
 */

const PATH: Path = ['instance', 'agentConfig'];

/** ecs.config text for each value (YAML `true` → "true"). */
export function agentConfigText(config: Record<string, string | boolean | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) if (value !== undefined) out[key] = String(value);
  return out;
}

/** The file the instance gets at first boot: one `KEY=value` line per key (config.ts instanceEnv). */
export const ecsConfigFile = (config: Record<string, string>): string =>
  Object.entries(config)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');

function findingHint(key: string, reader: 'agent' | 'ecs-init', message: string): string {
  if (key === 'ECS_TASK_METADATA_RPS_LIMIT') return 'e.g. "40,60", the agent default';
  if (!message.includes('not a boolean')) return 'write the bare value: ecs.config values are read verbatim, quotes included';
  return reader === 'agent'
    ? 'ecs-init hands the value to the agent verbatim (quotes kept); the agent trims it and parses it with Go strconv.ParseBool: true/false, 1/0, t/f, TRUE/FALSE'
    : 'systemd reads the line (EnvironmentFile=), then ecs-init parses it with Go strconv.ParseBool: true/false, 1/0, t/f, TRUE/FALSE';
}

export function checkAgentConfig(config: Record<string, string>, report: Reporter, agentVersion: string = DEFAULT_AGENT_VERSION): AgentSettings | undefined {
  let ok = true;
  const versionProblem = agentVersionProblem(agentVersion);
  if (versionProblem) {
    report.error(['instance', 'agentVersion'], 'invalid-value', versionProblem, { hint: `a release from 1.0.0 to ${DEFAULT_AGENT_VERSION}; leave it out for ${DEFAULT_AGENT_VERSION}` });
    return undefined;
  }
  for (const [key, value] of Object.entries(config)) {
    if (!isSimulatedAgentKey(key)) report.note([...PATH, key], 'not-simulated', 'accepted, not simulated', { at: 'key' });
    // A line break would end the ecs.config line and start another, unchecked one.
    if (/[\n\r\0]/.test(value)) {
      ok = false;
      report.error([...PATH, key], 'invalid-value', `${key}: a value in ecs.config is one line; this one holds ${/\0/.test(value) ? 'a NUL character' : 'a line break'}, which would write another line`, {
        hint: 'give each setting its own key under agentConfig',
      });
    }
  }
  const oneLine = Object.fromEntries(Object.entries(config).filter(([, v]) => !/[\n\r\0]/.test(v)));
  const resolved = resolveEcsConfig(ecsConfigFile(oneLine), agentVersion);
  for (const f of resolved.findings) {
    if (!Object.hasOwn(oneLine, f.key)) continue;
    ok = false;
    report.error([...PATH, f.key], 'invalid-value', f.message, { hint: findingHint(f.key, f.reader, f.message) });
  }
  const { agent, ecsInit, capabilities } = resolved;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(agent.cluster)) {
    ok = false;
    report.error([...PATH, 'ECS_CLUSTER'], 'invalid-value', `invalid cluster name ${JSON.stringify(agent.cluster)}`, { hint: 'a cluster name is 1-255 letters, digits, "_" or "-"' });
  }
  if (!agent.auditLog.file.startsWith('/')) {
    ok = false;
    report.error([...PATH, 'ECS_AUDIT_LOGFILE'], 'invalid-value', `ECS_AUDIT_LOGFILE must be an absolute path, got ${JSON.stringify(agent.auditLog.file)}`);
  }
  if (!hasGate(agentVersion, 'taskIamRole')) {
    report.note(['instance', 'agentVersion'], 'not-simulated', `agent ${agentVersion} has no task IAM roles (${AGENT_GATES.taskIamRole.since} or later): tasks run without credentials`);
  } else if (!hasGate(agentVersion, 'taskIamRoleNetworkHost')) {
    report.note(['instance', 'agentVersion'], 'not-simulated', `agent ${agentVersion} has no task IAM roles for host-mode tasks (${AGENT_GATES.taskIamRoleNetworkHost.since} or later): they run without credentials`);
  }
  const settings: AgentSettings = {
    agentVersion,
    cluster: agent.cluster,
    taskIamRole: capabilities.taskIamRole,
    taskIamRoleNetworkHost: capabilities.taskIamRoleNetworkHost,
    awsvpcBlockImds: agent.awsvpcBlockImds,
    disablePrivileged: agent.disablePrivileged,
    skipLocalhostTrafficFilter: ecsInit.skipLocalhostTrafficFilter,
    allowOffhostIntrospectionAccess: ecsInit.allowOffhostIntrospectionAccess,
    auditLog: agent.auditLog,
    taskMetadataRpsLimit: agent.rpsLimit,
  };
  return ok ? settings : undefined;
}
