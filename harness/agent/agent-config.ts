import { z } from 'zod';
import { parseJsonWith } from '../mocks/json-file.ts';
import type { ListenAddress } from '../mocks/listen.ts';
import { DEFAULT_RPS_LIMIT, type RpsLimit } from './throttle.ts';

/**
 * What the simulated agent is told, as JSON in ECS_SIM_AGENT_CONFIG (read by main.ts). Example:
 * `{"nonce":"run-1","credentialsFile":"/var/lib/ecs-sim/credentials.json","requestLogFile":"/var/log/ecs-sim/agent-requests.jsonl"}`
 */
export interface AgentMainConfig {
  /** The run's nonce, sent as `x-ecs-sim-nonce` on every answer. */
  nonce: string;
  /** The credentials file (credentials-file.ts); it need not exist yet. */
  credentialsFile: string;
  /** Default `[{ host: '127.0.0.1', port: 51679 }]`, where the agent's TMDS listens (ecs-agent/tmds/server.go). */
  credentialsListen: ListenAddress[];
  /** Default `[{ host: '0.0.0.0', port: 51678 }]`, the agent's introspection port (any address, introspection_server_setup.go). */
  introspectionListen: ListenAddress[];
  /**
   * Default `/var/log/ecs/audit.log`. `null` turns the audit log off, as
   * `ECS_AUDIT_LOGFILE_DISABLED=true` does. (The agent writes `/log/audit.log` in its container,
   * `/var/log/ecs/audit.log.YYYY-MM-DD-HH` on the host, hourly rolled; we write one file.)
   */
  auditLogFile: string | null;
  /** One JSON line per request, credential IDs redacted (request-log.ts); only the harness reads it. */
  requestLogFile: string;
  /** Default 40/s, burst 60 (`ECS_TASK_METADATA_RPS_LIMIT`; throttle.ts `parseRpsLimit` reads the env form). */
  rpsLimit: RpsLimit;
}

export type AgentConfigParse = { ok: true; config: AgentMainConfig } | { ok: false; errors: string[] };

const path = z.string().min(1, { error: 'must be a non-empty path' });
const listen = z
  .array(
    z.strictObject({
      host: z.string().min(1, { error: 'must be a non-empty string' }),
      port: z.int({ error: 'must be an integer in 0..65535' }).min(0, { error: 'must be an integer in 0..65535' }).max(65_535, { error: 'must be an integer in 0..65535' }),
    }),
  )
  .min(1, { error: 'must be a non-empty array of {host, port}' });
const positiveInt = z.int({ error: 'must be a positive integer' }).positive({ error: 'must be a positive integer' });

const configSchema = z.strictObject({
  // Goes into a header of every answer: keep it to a safe alphabet (as mocks-config.ts does).
  nonce: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, { error: 'must be 1-128 characters of A-Z a-z 0-9 . _ -' }),
  credentialsFile: path,
  credentialsListen: listen.default([{ host: '127.0.0.1', port: 51679 }]),
  introspectionListen: listen.default([{ host: '0.0.0.0', port: 51678 }]),
  auditLogFile: path.nullable().default('/var/log/ecs/audit.log'),
  requestLogFile: path,
  rpsLimit: z.strictObject({ rate: positiveInt, burst: positiveInt }).default({ ...DEFAULT_RPS_LIMIT }),
});

/** Parses the whole config, collecting every error, so one failed start shows everything wrong. */
export function parseAgentConfig(text: string | undefined): AgentConfigParse {
  if (text === undefined || text.trim() === '') return { ok: false, errors: ['ECS_SIM_AGENT_CONFIG is not set'] };
  const parsed = parseJsonWith(configSchema, text, { name: 'ECS_SIM_AGENT_CONFIG', root: '(config)' });
  return parsed.ok ? { ok: true, config: parsed.value } : parsed;
}
