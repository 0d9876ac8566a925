/**
 * Entry point of the aws-mocks container (bundled by esbuild into one file that needs only node:
 * builtins at run time; zod and @smithy/signature-v4 are inlined). Reads ECS_SIM_MOCKS_CONFIG
 * (mocks-config.ts), serves the mock IMDS and, when configured, the mock STS, appends one JSON
 * line per request to `requestLogFile` (`service` says which answered), prints
 * `ecs-sim-mocks ready {"imds":[…],"sts":[…]}` on stdout once listening (`sts` only when
 * configured), and stops on SIGTERM/SIGINT.
 * Exit codes: 0 stopped by signal, 2 bad config, 3 could not start or stop.
 */
import { appendFileSync } from 'node:fs';
import { createImds } from './imds/handler.ts';
import { resolveImdsConfig } from './imds/config.ts';
import { parseMocksConfig } from './mocks-config.ts';
import { startMockServer, type RequestLogEntry, type StartedMockServer } from './server.ts';
import { stsRequestLogLine } from './sts/request-log.ts';
import { createStsForImds } from './sts/service.ts';

async function main(): Promise<number> {
  const parsed = parseMocksConfig(process.env.ECS_SIM_MOCKS_CONFIG);
  if (!parsed.ok) {
    process.stderr.write(`ecs-sim-mocks: bad ECS_SIM_MOCKS_CONFIG:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const { nonce, imds, imdsListen, requestLogFile, sts } = parsed.config;
  const imdsService = createImds(resolveImdsConfig(nonce, imds));
  // Synchronous on purpose: the line is on disk before the client has its answer, so the
  // harness never reads a log that lags a probe it has already seen finish.
  const append = (line: string) => appendFileSync(requestLogFile, line);
  const started: StartedMockServer[] = [];
  const addresses: Record<string, StartedMockServer['addresses']> = {};
  try {
    const imdsServer = await startMockServer({
      listen: imdsListen,
      handler: imdsService.handle,
      nonce,
      requestLog: (entry: RequestLogEntry) => append(`${JSON.stringify({ service: 'imds', ...entry })}\n`),
    });
    started.push(imdsServer);
    addresses.imds = imdsServer.addresses;
    if (sts !== undefined) {
      // The same IMDS state: STS knows the instance role by the very keys IMDS hands out.
      const stsServer = await startMockServer({
        listen: sts.listen,
        handler: createStsForImds(imdsService, sts).handle,
        nonce,
        requestLog: (entry: RequestLogEntry) => append(stsRequestLogLine(entry)),
      });
      started.push(stsServer);
      addresses.sts = stsServer.addresses;
    }
  } catch (err) {
    process.stderr.write(`ecs-sim-mocks: cannot start: ${(err as Error).message}\n`);
    await closeAll(started).catch(() => undefined);
    return 3;
  }
  // Signal handlers first, then the ready line: a harness that stops the mocks the moment it reads
  // the line (stdout to a pipe is synchronous on Linux) must find them installed.
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`ecs-sim-mocks: ${signal}, stopping\n`);
      closeAll(started).then(
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
  process.stdout.write(`ecs-sim-mocks ready ${JSON.stringify(addresses)}\n`);
  return stopped;
}

/** Closes every server, even when one fails to close; the failures travel as the error's cause. */
async function closeAll(servers: StartedMockServer[]): Promise<void> {
  const results = await Promise.allSettled(servers.map((s) => s.close()));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) throw new Error(`${failures.length} server(s) failed to close`, { cause: failures });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ecs-sim-mocks: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(3);
  },
);
