/**
 * Entry point of the aws-mocks container (bundled by esbuild into one file that needs only node:
 * builtins at run time; zod and @smithy/signature-v4 are inlined). Reads ECS_SIM_MOCKS_CONFIG
 * (mocks-config.ts), serves the mock IMDS and, when configured, the mock STS, appends one JSON
 * line per request to `requestLogFile` (`service` says which answered), prints
 * `ecs-sim-mocks ready {"imds":[…],"sts":[…]}` on stdout once listening (`sts` only when
 * configured), and stops on SIGTERM/SIGINT (entry-point.ts: exit codes 0, 2, 3).
 */
import { appendFileSync } from 'node:fs';
import { runEntryPoint } from './entry-point.ts';
import { createImds } from './imds/handler.ts';
import { resolveImdsConfig } from './imds/config.ts';
import { parseMocksConfig } from './mocks-config.ts';
import { startMockServer, type RequestLogEntry, type StartedMockServer } from './server.ts';
import { stsRequestLogLine } from './sts/request-log.ts';
import { createStsForImds } from './sts/service.ts';

runEntryPoint({
  name: 'ecs-sim-mocks',
  envVar: 'ECS_SIM_MOCKS_CONFIG',
  parse: parseMocksConfig,
  async start({ nonce, imds, imdsListen, requestLogFile, sts }, started) {
    const imdsService = createImds(resolveImdsConfig(nonce, imds));
    // Synchronous on purpose: the line is on disk before the client has its answer, so the
    // harness never reads a log that lags a probe it has already seen finish.
    const append = (line: string) => appendFileSync(requestLogFile, line);
    const addresses: Record<string, StartedMockServer['addresses']> = {};
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
        handler: createStsForImds(imdsService, sts, nonce).handle,
        nonce,
        requestLog: (entry: RequestLogEntry) => append(stsRequestLogLine(entry)),
      });
      started.push(stsServer);
      addresses.sts = stsServer.addresses;
    }
    return addresses;
  },
});
