import { spawn } from 'node:child_process';

/**
 * Runs a mock's entry point (harness/mocks/main.ts, harness/agent/main.ts, or their bundles) as
 * its container would: config in one environment variable, `<prefix><addresses JSON>` on stdout
 * once listening. `ready` resolves with the parsed addresses, or rejects if it exits first.
 */
export function spawnEntryPoint<A>(opts: { args: string[]; envVar: string; config: string | undefined; readyPrefix: string }) {
  const env = { ...process.env };
  if (opts.config === undefined) delete env[opts.envVar];
  else env[opts.envVar] = opts.config;
  const child = spawn(process.execPath, opts.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<A>((resolve, reject) => {
    child.stdout.on('data', () => {
      const line = stdout.split('\n').find((l) => l.startsWith(opts.readyPrefix));
      if (line !== undefined) resolve(JSON.parse(line.slice(opts.readyPrefix.length)) as A);
    });
    void exited.then((code) => reject(new Error(`exited ${code} before ready: ${stderr}`)));
  });
  // Tests that expect an early exit never await `ready`; mark its rejection as handled.
  ready.catch(() => undefined);
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}
