/**
 * Entry point of the simulated ECS agent inside the simulated EC2 instance (bundled by esbuild into
 * one .mjs: relative imports, node: builtins and zod, which the bundle inlines). Reads
 * ECS_SIM_AGENT_CONFIG (agent-config.ts), serves the credentials port and the introspection port,
 * appends each audit line to `auditLogFile` and one redacted JSON line per request to
 * `requestLogFile`, prints `ecs-sim-agent ready {"credentials":[…],"introspection":[…]}` on stdout
 * once listening, and stops on SIGTERM/SIGINT.
 * Exit codes: 0 stopped by signal, 2 bad config, 3 could not start or stop.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { startMockServer, type StartedMockServer } from '../mocks/server.ts';
import { parseAgentConfig, type AgentMainConfig } from './agent-config.ts';
import { createCredentialsReader } from './credentials-reader.ts';
import { createAgent } from './handler.ts';
import { requestLogLine } from './request-log.ts';

async function main(): Promise<number> {
  const parsed = parseAgentConfig(process.env.ECS_SIM_AGENT_CONFIG);
  if (!parsed.ok) {
    process.stderr.write(`ecs-sim-agent: bad ECS_SIM_AGENT_CONFIG:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const config = parsed.config;
  let servers: { credentials: StartedMockServer; introspection: StartedMockServer };
  try {
    servers = await start(config);
  } catch (err) {
    process.stderr.write(`ecs-sim-agent: cannot start: ${(err as Error).message}\n`);
    return 3;
  }
  const addresses = { credentials: servers.credentials.addresses, introspection: servers.introspection.addresses };
  process.stdout.write(`ecs-sim-agent ready ${JSON.stringify(addresses)}\n`);
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`ecs-sim-agent: ${signal}, stopping\n`);
      Promise.all([servers.credentials.close(), servers.introspection.close()]).then(
        () => resolve(0),
        (err: unknown) => {
          process.stderr.write(`ecs-sim-agent: failed to stop: ${String(err)}\n`);
          resolve(3);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

async function start(config: AgentMainConfig): Promise<{ credentials: StartedMockServer; introspection: StartedMockServer }> {
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
  const credentials = await startMockServer({
    listen: config.credentialsListen,
    handler: agent.credentials,
    nonce,
    requestLog: (entry) => appendFileSync(requestLogFile, requestLogLine('agent-credentials', entry)),
  });
  try {
    const introspection = await startMockServer({
      listen: config.introspectionListen,
      handler: agent.introspection,
      nonce,
      requestLog: (entry) => appendFileSync(requestLogFile, requestLogLine('agent-introspection', entry)),
    });
    return { credentials, introspection };
  } catch (err) {
    await credentials.close();
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ecs-sim-agent: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(3);
  },
);
