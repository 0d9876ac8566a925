/**
 * Entry point of the simulated ECS agent inside the simulated EC2 instance (bundled by esbuild into
 * one .mjs: relative imports, node: builtins and zod, which the bundle inlines). Reads
 * ECS_SIM_AGENT_CONFIG (agent-config.ts), serves the credentials port and the introspection port,
 * appends each audit line to `auditLogFile` and one redacted JSON line per request to
 * `requestLogFile`, prints `ecs-sim-agent ready {"credentials":[…],"introspection":[…]}` on stdout
 * once listening, and stops on SIGTERM/SIGINT (../mocks/entry-point.ts: exit codes 0, 2, 3).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { startMockServer, type StartedMockServer } from '../mocks/server.ts';
import { parseAgentConfig, type AgentMainConfig } from './agent-config.ts';
import { createCredentialsReader } from './credentials-reader.ts';
import { createAgent } from './handler.ts';
import { requestLogLine } from './request-log.ts';
import { runEntryPoint } from '../mocks/entry-point.ts';

runEntryPoint({
  name: 'ecs-sim-agent',
  envVar: 'ECS_SIM_AGENT_CONFIG',
  parse: parseAgentConfig,
  async start(config, started) {
    const servers = await start(config, started);
    return { credentials: servers.credentials.addresses, introspection: servers.introspection.addresses };
  },
});

async function start(config: AgentMainConfig, started: StartedMockServer[]): Promise<{ credentials: StartedMockServer; introspection: StartedMockServer }> {
  for (const file of [config.auditLogFile, config.requestLogFile]) if (file !== null) mkdirSync(dirname(file), { recursive: true });
  const { auditLogFile, requestLogFile, nonce } = config;
  const agent = createAgent(
    { rpsLimit: config.rpsLimit },
    {
      store: createCredentialsReader(config.credentialsFile),
      // Synchronous, like the request log: the line is on disk before the client has its answer.
      // A failed write must not fail the request (the agent's seelog drops it too), so it goes to stderr.
      audit: (line) => {
        if (auditLogFile === null) return;
        try {
          appendFileSync(auditLogFile, `${line}\n`);
        } catch (err) {
          process.stderr.write(`ecs-sim-agent: audit log failed: ${String(err)}\n`);
        }
      },
    },
  );
  // Each server joins `started` as soon as it listens, so a failure later closes it (entry-point.ts).
  const credentials = await startMockServer({
    listen: config.credentialsListen,
    handler: agent.credentials,
    nonce,
    requestLog: (entry) => appendFileSync(requestLogFile, requestLogLine('agent-credentials', entry)),
  });
  started.push(credentials);
  const introspection = await startMockServer({
    listen: config.introspectionListen,
    handler: agent.introspection,
    nonce,
    requestLog: (entry) => appendFileSync(requestLogFile, requestLogLine('agent-introspection', entry)),
  });
  started.push(introspection);
  return { credentials, introspection };
}
