import type { StartedMockServer } from './server.ts';

/**
 * The life of a mock's entry point inside its container (harness/mocks/main.ts,
 * harness/agent/main.ts): parse the config, start the servers, install the signal handlers, print
 * `<name> ready <addresses JSON>`, serve until SIGTERM/SIGINT. The handlers go in before the ready
 * line: a harness that stops the mock the moment it reads the line (stdout to a pipe is
 * synchronous on Linux) must find them installed.
 * Exit codes: 0 stopped by signal, 2 bad config, 3 could not start or stop.
 */
export function runEntryPoint<C>(opts: {
  name: string;
  envVar: string;
  parse: (text: string | undefined) => { ok: true; config: C } | { ok: false; errors: string[] };
  start: (config: C, started: StartedMockServer[]) => Promise<Record<string, StartedMockServer['addresses']>>;
}): void {
  const say = (line: string) => process.stderr.write(`${opts.name}: ${line}\n`);
  const main = async (): Promise<number> => {
    const parsed = opts.parse(process.env[opts.envVar]);
    if (!parsed.ok) {
      say(`bad ${opts.envVar}:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`);
      return 2;
    }
    const started: StartedMockServer[] = [];
    let addresses: Record<string, StartedMockServer['addresses']>;
    try {
      addresses = await opts.start(parsed.config, started);
    } catch (err) {
      say(`cannot start: ${(err as Error).message}`);
      await closeAll(started).catch(() => undefined);
      return 3;
    }
    const stopped = new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        say(`${signal}, stopping`);
        closeAll(started).then(
          () => resolve(0),
          (err: unknown) => {
            say(`failed to stop: ${String(err)}`);
            resolve(3);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    process.stdout.write(`${opts.name} ready ${JSON.stringify(addresses)}\n`);
    return stopped;
  };
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      say(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(3);
    },
  );
}

/** Closes every server, even when one fails to close; the failures travel as the error's cause. */
async function closeAll(servers: StartedMockServer[]): Promise<void> {
  const results = await Promise.allSettled(servers.map((s) => s.close()));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) throw new Error(`${failures.length} server(s) failed to close`, { cause: failures });
}
