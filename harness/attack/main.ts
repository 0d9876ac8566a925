/**
 * The attacker's probe, bundled as credentials-of.mjs into the aws-client image and run by
 * harness/probes/prober.ts `attack` in a sidecar that has the task's namespaces, mounts, user and
 * capabilities: it tries every discovery route (./routes/), then asks the agent's credential
 * endpoint with each ID it found, as the task's own code could. It prints one JSON line
 * (AttackReport); the harness decides whether the named task's canary came back (./verdict.ts).
 * ECS_SIM_ATTACK (JSON) carries the introspection address, the number of guesses and whether the
 * container is privileged.
 */
import { lstat, open, readdir } from 'node:fs/promises';
import { request } from 'node:http';
import type { Candidate, FsView, HttpAnswer, RouteContext, RouteName, RouteResult } from './route.ts';
import { procEnviron } from './routes/proc-environ.ts';
import { dockerSocket } from './routes/docker-socket.ts';
import { mountedFiles } from './routes/mounted-files.ts';
import { introspection, taskMetadata } from './routes/agent-apis.ts';
import { guess } from './routes/guess.ts';
import { blockDevices } from './routes/block-devices.ts';
import { askEndpoint, type AttackReport } from './report.ts';

const REQUEST_DEADLINE_MS = 2000;

/** Every route, in the order tried: one module each under ./routes/. */
const ROUTES: ReadonlyArray<[RouteName, (ctx: RouteContext) => Promise<RouteResult>]> = [
  ['proc-environ', procEnviron],
  ['docker-socket', dockerSocket],
  ['mounted-files', mountedFiles],
  ['block-devices', blockDevices],
  ['introspection', introspection],
  ['task-metadata', taskMetadata],
  ['guess', guess],
];

function get(url: string, opts: { socketPath?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', ...opts, signal: AbortSignal.timeout(REQUEST_DEADLINE_MS), headers: { 'user-agent': 'ecs-sim-attacker' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 8 << 20) chunks.push(c);
      });
      res.on('end', () => {
        const nonce = res.headers['x-ecs-sim-nonce'];
        resolve({ ok: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ...(typeof nonce === 'string' ? { nonce } : {}) });
      });
      res.on('error', (err) => resolve({ ok: false, error: err.message }));
    });
    req.on('error', (err) => resolve({ ok: false, error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.end();
  });
}

const fs: FsView = {
  async readFile(path, maxBytes) {
    const h = await open(path, 'r');
    try {
      const buf = Buffer.alloc(maxBytes);
      let n = 0;
      // /proc files report size 0: read until EOF.
      for (;;) {
        const { bytesRead } = await h.read(buf, n, maxBytes - n, null);
        if (bytesRead === 0 || n + bytesRead >= maxBytes) return buf.subarray(0, n + bytesRead);
        n += bytesRead;
      }
    } finally {
      await h.close();
    }
  },
  readdir: (path) => readdir(path),
  async kind(path) {
    const s = await lstat(path).catch(() => undefined);
    if (!s) return undefined;
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSocket() ? 'socket' : 'other';
  },
};

async function main(): Promise<AttackReport> {
  const settings = JSON.parse(process.env.ECS_SIM_ATTACK ?? '{}') as { introspection?: string; guesses?: number; privileged?: boolean };
  const ctx: RouteContext = {
    introspection: settings.introspection ?? 'http://127.0.0.1:51678',
    ...(process.env.ECS_CONTAINER_METADATA_URI_V4 ? { metadataUri: process.env.ECS_CONTAINER_METADATA_URI_V4 } : {}),
    guesses: settings.guesses ?? 8,
    privileged: settings.privileged ?? false,
    get,
    fs,
  };
  const routes: RouteResult[] = [];
  for (const [name, route] of ROUTES) {
    routes.push(await route(ctx).catch((err: Error): RouteResult => ({ route: name, state: 'broken', tried: name, why: err.message })));
  }
  const candidates: Candidate[] = routes.flatMap((r) => (r.state === 'found' ? r.candidates : []));
  return { routes, answers: await askEndpoint(candidates, (id) => get(`http://169.254.170.2/v2/credentials/${id}`)) };
}

main().then(
  (r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);
  },
  (err: Error) => {
    process.stderr.write(`attack failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
