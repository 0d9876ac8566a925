import type { CredentialsFile } from '../agent/credentials-file.ts';
import type { RunningTask, TaskState } from '../tasks/task.ts';
import { INSTANCE_PATHS } from './paths.ts';

/**
 * What the agent knows of its tasks, in the three forms a task might get at: the credentials the
 * agent serves (the simulation's stand-in for ACS: the credentials file), the agent's state in its
 * data directory, and its log. Pure functions; harness/instance/agent-credentials.ts writes them.
 */

export interface AgentIdentity {
  cluster: string;
  containerInstanceArn: string;
  agentVersion: string;
}

/**
 * The credentials manager's content: each running task's task-role credentials, and the
 * execution-role credentials of running tasks and of stopped ones not yet cleaned up
 * (agent/engine/task_manager.go: cleanupCredentials at STOPPED removes only the task role's).
 */
export function credentialsFileOf(identity: AgentIdentity, state: TaskState): CredentialsFile {
  const entry = (t: RunningTask, roleType: 'TaskApplication' | 'TaskExecution') => {
    const id = roleType === 'TaskApplication' ? t.credentialsId : t.executionCredentialsId;
    const c = roleType === 'TaskApplication' ? t.credentials : t.executionCredentials;
    if (!id || !c) return [];
    const credentials = { AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, Token: c.Token, Expiration: c.Expiration };
    return [{ credentialsId: id, taskArn: t.taskArn, roleType, roleArn: c.roleArn, state: 'ready' as const, credentials }];
  };
  return {
    ...identity,
    tasks: [
      ...state.running.flatMap((t) => [...entry(t, 'TaskApplication'), ...entry(t, 'TaskExecution')]),
      ...state.stopped.flatMap((s) => entry(s.task, 'TaskExecution')),
    ],
    metadata: [...state.running.map((t) => taskMetadataOf(t, 'RUNNING')), ...state.stopped.map((s) => taskMetadataOf(s.task, 'STOPPED'))],
  };
}

type TaskMetadata = NonNullable<CredentialsFile['metadata']>[number];

function taskMetadataOf(t: RunningTask, status: 'RUNNING' | 'STOPPED'): TaskMetadata {
  return {
    taskArn: t.taskArn,
    family: t.spec.family ?? t.name,
    revision: '1',
    status,
    containers: [...t.containers].map(([name, c]) => ({ name, dockerId: c.id, metadataId: t.metadataIds.get(name) ?? '' })),
  };
}

/** The agent's state file in its data directory (see agentStateFile). */
export const AGENT_STATE_FILE = `${INSTANCE_PATHS.agentData}/ecs_agent_data.json`;

/**
 * The agent's state as it keeps it in /var/lib/ecs/data: every task it has not cleaned up, with
 * its `credentialsID` and `executionCredentialsID` (agent/api/task/task.go json tags). The real
 * agent (1.44.0 and later) keeps it in agent.db, a bbolt database whose values are these same
 * JSON documents (agent/data/client.go, bucket "tasks"); the simulation writes the older JSON
 * state file (agent/statemanager/state_manager.go ecs_agent_data.json), which holds the same
 * fields. Anything that finds the IDs in one (a read of the file, `grep -a`) finds them in the other.
 */
export function agentStateFile(state: TaskState): string {
  const task = (t: RunningTask, desired: 'RUNNING' | 'STOPPED') => ({
    Arn: t.taskArn,
    Family: t.spec.family ?? t.name,
    Version: '1',
    DesiredStatus: desired,
    KnownStatus: desired,
    credentialsID: t.credentialsId ?? '',
    executionCredentialsID: t.executionCredentialsId ?? '',
    Containers: [...t.containers].map(([name, c]) => ({ Name: name, V3EndpointID: t.metadataIds.get(name) ?? '', DockerId: c.id })),
  });
  const tasks = [...state.running.map((t) => task(t, 'RUNNING')), ...state.stopped.map((s) => task(s.task, 'STOPPED'))];
  return `${JSON.stringify({ Data: { TaskEngine: { Tasks: tasks } }, Version: 1 })}\n`;
}

/** The agent's log file (ecs-init mounts /var/log/ecs as the agent's /log). */
export const AGENT_LOG_FILE = `${INSTANCE_PATHS.agentLogs}/ecs-agent.log`;

/**
 * ecs-agent/utils/utils.go TruncateString with CredentialsIDLogTruncationLen (8): the agent logs
 * only the first 8 characters of a credentials ID, then "-REDACTED".
 */
export const truncateCredentialsId = (id: string): string => (id.length <= 8 ? id : `${id.slice(0, 8)}-REDACTED`);

/**
 * The agent's log lines for what changed between two states, in its logfmt (ecs-agent/logger/log.go
 * logfmtFormatter): "Found application/execution credentials for task" when a payload brings them
 * (agent/acs/session/payload_responder.go), "Cleaning up task's execution credentials" at cleanup
 * (agent/engine/task_manager.go). IDs appear truncated, as the agent logs them.
 */
export function agentLogLines(before: TaskState, after: TaskState, now: Date): string[] {
  const ids = (s: TaskState) => new Set([...s.running.flatMap((t) => [t.credentialsId, t.executionCredentialsId]), ...s.stopped.map((x) => x.task.executionCredentialsId)].filter((x): x is string => !!x));
  const was = ids(before);
  const is = ids(after);
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const line = (msg: string, fields: Record<string, string>) =>
    `level=info time=${time} msg=${JSON.stringify(msg)} ${Object.entries(fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`;
  const out: string[] = [];
  for (const t of after.running) {
    for (const [kind, id, c] of [['application', t.credentialsId, t.credentials], ['execution', t.executionCredentialsId, t.executionCredentials]] as const) {
      if (!id || !c || was.has(id)) continue;
      out.push(line(`Found ${kind} credentials for task`, { taskARN: t.taskArn, taskVersion: '1', roleARN: c.roleArn, roleType: kind === 'application' ? 'TaskApplication' : 'TaskExecution', credentialsID: truncateCredentialsId(id) }));
    }
  }
  for (const s of before.stopped) {
    const id = s.task.executionCredentialsId;
    if (id && !is.has(id)) out.push(line("Cleaning up task's execution credentials", { task: s.task.taskId, credentialsID: truncateCredentialsId(id) }));
  }
  return out;
}
