import { BOOT_STATE_DIR, RESOLVED_CONFIG } from '../boot-state.ts';

/** Where ecs-init (main.ts) and the agent meet inside the simulated instance. */
export const ECS_CONFIG_FILE = '/etc/ecs/ecs.config';
/** The configuration resolved at the agent's last start (resolve.ts), as JSON: read by the harness. */
export const RESOLVED_CONFIG_FILE = `${BOOT_STATE_DIR}/${RESOLVED_CONFIG}`;
/** The simulated agent's own start-up config (harness/agent/agent-config.ts), written by pre-start. */
export const AGENT_MAIN_CONFIG_FILE = '/run/ecs-sim/agent/config.json';
export const AGENT_CREDENTIALS_FILE = '/run/ecs-sim/agent/credentials.json';
export const AGENT_REQUEST_LOG = '/var/log/ecs-sim/agent-requests.jsonl';
