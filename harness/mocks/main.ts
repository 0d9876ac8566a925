/**
 * Entry point of the aws-mocks container (bundled by esbuild into one file: relative imports and
 * node: builtins only). Reads ECS_SIM_MOCKS_CONFIG (mocks-config.ts), serves the mock IMDS,
 * appends one JSON line per request to `requestLogFile`, prints
 * `ecs-sim-mocks ready <addresses JSON>` on stdout once listening, and stops on SIGTERM/SIGINT.
 * Exit codes: 0 stopped by signal, 2 bad config, 3 could not start or stop.
 */
import { appendFileSync } from 'node:fs';
import { createImds } from './imds/handler.ts';
import { resolveImdsConfig } from './imds/config.ts';
import { parseMocksConfig } from './mocks-config.ts';
import { startMockServer, type RequestLogEntry, type StartedMockServer } from './server.ts';

async function main(): Promise<number> {
  const parsed = parseMocksConfig(process.env.ECS_SIM_MOCKS_CONFIG);
  if (!parsed.ok) {
    process.stderr.write(`ecs-sim-mocks: bad ECS_SIM_MOCKS_CONFIG:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const { nonce, imds, imdsListen, requestLogFile } = parsed.config;
  const { handle } = createImds(resolveImdsConfig(nonce, imds));
  let started: StartedMockServer;
  try {
    started = await startMockServer({
      listen: imdsListen,
      handler: handle,
      nonce,
      // Synchronous on purpose: the line is on disk before the client has its answer, so the
      // harness never reads a log that lags a probe it has already seen finish.
      requestLog: (entry: RequestLogEntry) => appendFileSync(requestLogFile, `${JSON.stringify({ service: 'imds', ...entry })}\n`),
    });
  } catch (err) {
    process.stderr.write(`ecs-sim-mocks: cannot start: ${(err as Error).message}\n`);
    return 3;
  }
  process.stdout.write(`ecs-sim-mocks ready ${JSON.stringify({ imds: started.addresses })}\n`);
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`ecs-sim-mocks: ${signal}, stopping\n`);
      started.close().then(
        () => resolve(0),
        (err: unknown) => {
          process.stderr.write(`ecs-sim-mocks: failed to stop: ${String(err)}\n`);
          resolve(3);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ecs-sim-mocks: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(3);
  },
);
