import type Docker from 'dockerode';
import { appendFileIn, writeFileIn } from '../engine/write-file.ts';
import type { TaskState } from '../tasks/task.ts';
import { AGENT_CREDENTIALS_FILE } from './ecs-init/files.ts';
import { AGENT_LOG_FILE, AGENT_STATE_FILE, agentLogLines, agentStateFile, credentialsFileOf, type AgentIdentity } from './agent-state.ts';

/** Where the simulated agent reads the credentials the control plane would have sent it. */
export { AGENT_CREDENTIALS_FILE };

/**
 * The simulation's stand-in for ACS, the control plane that pushes task role credentials to the
 * agent, and for the agent's own bookkeeping: whenever the tasks change, the harness rewrites the
 * credentials file (atomically, by rename; the agent re-reads it: harness/agent/credentials-file.ts)
 * under /run, which a reboot loses as the real agent loses its in-memory credentials; rewrites the
 * agent's state in /var/lib/ecs/data; and appends the agent's log lines to /var/log/ecs.
 */
export function agentPublisher(instance: Docker.Container): (identity: AgentIdentity, state: TaskState) => Promise<void> {
  let last: TaskState = { running: [], stopped: [] };
  return async (identity, state) => {
    const lines = agentLogLines(last, state, new Date());
    last = state;
    await Promise.all([
      writeFileIn(instance, AGENT_CREDENTIALS_FILE, JSON.stringify(credentialsFileOf(identity, state)), "the agent's credentials"),
      writeFileIn(instance, AGENT_STATE_FILE, agentStateFile(state), "the agent's state"),
      lines.length ? appendFileIn(instance, AGENT_LOG_FILE, lines.map((l) => `${l}\n`).join(''), "the agent's log") : undefined,
    ]);
  };
}
