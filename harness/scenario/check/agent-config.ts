import { GO_FALSE, GO_TRUE, isSimulatedAgentKey, SIMULATED_AGENT_KEYS, type SimulatedAgentKeyName } from '../agent-config-keys.ts';
import type { Path } from '../issues.ts';
import type { AgentSettings } from '../model.ts';
import type { Reporter } from '../reporter.ts';

/**
 * `instance.agentConfig`: notes for real keys that are not simulated, and the simulated keys'
 * values parsed into AgentSettings (defaults: agent-config-keys.ts). Unknown keys are already
 * errors from the schema (with a suggestion).
 */

const PATH: Path = ['instance', 'agentConfig'];

/** ecs.config text for each value (YAML `true` → "true"). */
export function agentConfigText(config: Record<string, string | boolean | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) if (value !== undefined) out[key] = String(value);
  return out;
}

export function checkAgentConfig(config: Record<string, string>, report: Reporter): AgentSettings | undefined {
  for (const key of Object.keys(config)) {
    if (!isSimulatedAgentKey(key)) report.note([...PATH, key], 'not-simulated', 'accepted, not simulated', { at: 'key' });
  }
  const text = (key: SimulatedAgentKeyName): string => config[key] ?? (SIMULATED_AGENT_KEYS.find((k) => k.key === key)?.default as string);
  let ok = true;

  const bool = (key: SimulatedAgentKeyName): boolean => {
    const value = text(key);
    if ((GO_TRUE as readonly string[]).includes(value)) return true;
    if ((GO_FALSE as readonly string[]).includes(value)) return false;
    ok = false;
    report.error([...PATH, key], 'invalid-value', `${key} must be true or false, got ${JSON.stringify(value)}`, {
      hint: 'the agent parses it with Go strconv.ParseBool: true/false, 1/0, t/f, TRUE/FALSE',
    });
    return false;
  };

  const cluster = text('ECS_CLUSTER');
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(cluster)) {
    ok = false;
    report.error([...PATH, 'ECS_CLUSTER'], 'invalid-value', `invalid cluster name ${JSON.stringify(cluster)}`, { hint: 'a cluster name is 1-255 letters, digits, "_" or "-"' });
  }

  const auditFile = text('ECS_AUDIT_LOGFILE');
  if (!auditFile.startsWith('/')) {
    ok = false;
    report.error([...PATH, 'ECS_AUDIT_LOGFILE'], 'invalid-value', `ECS_AUDIT_LOGFILE must be an absolute path, got ${JSON.stringify(auditFile)}`);
  }

  const rps = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(text('ECS_TASK_METADATA_RPS_LIMIT'));
  const rate = Number(rps?.[1] ?? 0);
  const burst = Number(rps?.[2] ?? 0);
  if (!rps || rate < 1 || burst < 1) {
    ok = false;
    report.error([...PATH, 'ECS_TASK_METADATA_RPS_LIMIT'], 'invalid-value', `ECS_TASK_METADATA_RPS_LIMIT must be "rate,burst" (two positive integers), got ${JSON.stringify(text('ECS_TASK_METADATA_RPS_LIMIT'))}`, {
      hint: 'e.g. "40,60", the agent default',
    });
  }

  const settings: AgentSettings = {
    cluster,
    taskIamRole: bool('ECS_ENABLE_TASK_IAM_ROLE'),
    taskIamRoleNetworkHost: bool('ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST'),
    awsvpcBlockImds: bool('ECS_AWSVPC_BLOCK_IMDS'),
    skipLocalhostTrafficFilter: bool('ECS_SKIP_LOCALHOST_TRAFFIC_FILTER'),
    allowOffhostIntrospectionAccess: bool('ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS'),
    auditLog: { enabled: !bool('ECS_AUDIT_LOGFILE_DISABLED'), file: auditFile },
    taskMetadataRpsLimit: { rate, burst },
  };
  return ok ? settings : undefined;
}
