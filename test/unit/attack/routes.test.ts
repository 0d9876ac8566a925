import { describe, expect, it } from 'vitest';
import type { FsView, HttpAnswer, RouteContext } from '../../../harness/attack/route.ts';
import { procEnviron } from '../../../harness/attack/routes/proc-environ.ts';
import { dockerSocket } from '../../../harness/attack/routes/docker-socket.ts';
import { mountedFiles } from '../../../harness/attack/routes/mounted-files.ts';
import { blockDevices } from '../../../harness/attack/routes/block-devices.ts';
import { introspection, taskMetadata } from '../../../harness/attack/routes/agent-apis.ts';
import { guess } from '../../../harness/attack/routes/guess.ts';

const ID_A = '11111111-2222-4333-8444-555555555555';
const ID_B = '66666666-7777-4888-9999-aaaaaaaaaaaa';

type Node = { file: string } | { socket: true } | { dir: true } | { denied: true };

/** A file system as a task would see it: paths to contents; a directory is listed from its children. */
function fakeFs(tree: Record<string, Node>): FsView {
  return {
    async readFile(path, max) {
      const n = tree[path];
      if (!n || !('file' in n)) throw Object.assign(new Error(`EACCES or ENOENT: ${path}`), { code: 'EACCES' });
      return Buffer.from(n.file).subarray(0, max);
    },
    async readdir(path) {
      const prefix = path === '/' ? '/' : `${path}/`;
      const names = new Set(Object.keys(tree).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]!));
      return [...names];
    },
    async kind(path) {
      const n = tree[path];
      if (n && 'file' in n) return 'file';
      if (n && 'socket' in n) return 'socket';
      if ((n && 'dir' in n) || Object.keys(tree).some((p) => p.startsWith(`${path}/`))) return 'dir';
      return undefined;
    },
  };
}

const mountinfo = (...points: Array<[string, string]>) => ({
  file: ['22 1 0:20 / / rw - overlay overlay rw', '23 22 0:21 / /proc rw - proc proc rw', ...points.map(([root, at], i) => `${30 + i} 22 8:1 ${root} ${at} ro - ext4 /dev/vda1 rw`)].join('\n'),
});

function ctx(fs: FsView, answers: Record<string, HttpAnswer> = {}, more: Partial<RouteContext> = {}): RouteContext {
  return { introspection: 'http://172.17.0.1:51678', guesses: 3, privileged: false, fs, get: async (url) => answers[url] ?? { ok: false, error: 'ECONNREFUSED' }, ...more };
}

describe('proc-environ', () => {
  it('finds the credentials URI in every readable environment, naming the process', async () => {
    const fs = fakeFs({
      '/proc/1/environ': { file: `PATH=/bin\0AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/${ID_A}\0` },
      '/proc/1/comm': { file: 'sh\n' },
      '/proc/7/environ': { denied: true },
      '/proc/self': { dir: true },
    });
    const r = await procEnviron(ctx(fs));
    expect(r).toMatchObject({ state: 'found', candidates: [{ id: ID_A, where: '/proc/1/environ (sh): AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' }] });
    expect(r.tried).toContain('1 unreadable');
  });

  it('says what it saw when nothing is there', async () => {
    const r = await procEnviron(ctx(fakeFs({ '/proc/1/environ': { file: 'PATH=/bin\0' }, '/proc/1/comm': { file: 'sh' } })));
    expect(r).toMatchObject({ state: 'nothing', why: '1 process visible; no credentials URI in their environment' });
  });
});

describe('docker-socket', () => {
  const sock = { socket: true } as const;
  it('reports no socket when none is mounted', async () => {
    expect(await dockerSocket(ctx(fakeFs({ '/proc/self/mountinfo': mountinfo() })))).toMatchObject({ state: 'nothing', why: 'no Docker socket is mounted in the task' });
  });

  it('inspects every container: the environment and the awslogs credentials endpoint', async () => {
    const fs = fakeFs({ '/proc/self/mountinfo': mountinfo(['/docker.sock', '/tmp/d.sock']), '/tmp/d.sock': sock });
    const answers: Record<string, HttpAnswer> = {
      'http://docker/containers/json?all=1': { ok: true, status: 200, body: JSON.stringify([{ Id: 'c1' }]) },
      'http://docker/containers/c1/json': {
        ok: true,
        status: 200,
        body: JSON.stringify({ Name: '/web-app', Config: { Env: [`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/${ID_A}`] }, HostConfig: { LogConfig: { Config: { 'awslogs-credentials-endpoint': `/v2/credentials/${ID_B}` } } } }),
      },
    };
    const r = await dockerSocket(ctx(fs, answers));
    expect(r).toMatchObject({
      state: 'found',
      candidates: [
        { id: ID_A, where: '/tmp/d.sock: inspect of web-app: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' },
        { id: ID_B, where: '/tmp/d.sock: inspect of web-app: HostConfig.LogConfig awslogs-credentials-endpoint' },
      ],
    });
  });

  it('is broken, not empty, when the socket does not answer', async () => {
    const fs = fakeFs({ '/proc/self/mountinfo': mountinfo(), '/var/run/docker.sock': sock });
    expect(await dockerSocket(ctx(fs))).toMatchObject({ state: 'broken', why: '/var/run/docker.sock: ECONNREFUSED' });
  });
});

describe('mounted-files', () => {
  it("finds whole IDs in the agent's state, and says the log's IDs are truncated", async () => {
    const data = fakeFs({
      '/proc/self/mountinfo': mountinfo(['/var/lib/ecs/data', '/backup']),
      '/backup/ecs_agent_data.json': { file: JSON.stringify({ credentialsID: ID_A }) },
    });
    expect(await mountedFiles(ctx(data))).toMatchObject({ state: 'found', candidates: [{ id: ID_A, where: '/backup/ecs_agent_data.json' }] });
    const logs = fakeFs({
      '/proc/self/mountinfo': mountinfo(['/var/log/ecs', '/logs']),
      '/logs/ecs-agent.log': { file: 'level=info msg="Found application credentials for task" credentialsID="11111111-REDACTED"\n' },
    });
    const r = await mountedFiles(ctx(logs));
    expect(r).toMatchObject({ state: 'nothing' });
    expect(r.state === 'nothing' && r.why).toContain('1 truncated ones (11111111-REDACTED)');
  });

  it("steps over the kernel's file systems a bind of / brings along (a read of /proc/kmsg would block)", async () => {
    const fs = fakeFs({
      '/proc/self/mountinfo': { file: ['22 1 0:20 / / rw - overlay overlay rw', '40 22 8:1 / /host ro - ext4 /dev/vda1 rw', '41 40 0:5 / /host/proc rw - proc proc rw'].join('\n') },
      '/host/var/lib/ecs/data/ecs_agent_data.json': { file: `{"credentialsID":"${ID_A}"}` },
      '/host/proc/kmsg': { file: `${ID_B}` },
    });
    const r = await mountedFiles(ctx(fs));
    expect(r).toMatchObject({ state: 'found', candidates: [{ id: ID_A, where: '/host/var/lib/ecs/data/ecs_agent_data.json' }] });
  });

  it('has nothing to read without mounts', async () => {
    expect(await mountedFiles(ctx(fakeFs({ '/proc/self/mountinfo': mountinfo() })))).toMatchObject({ state: 'nothing', why: 'the task has no mounts' });
  });
});

describe('block-devices', () => {
  it('cannot be taken here: broken for a privileged task, nothing for the others', async () => {
    expect(await blockDevices(ctx(fakeFs({}), {}, { privileged: true }))).toMatchObject({ state: 'broken' });
    expect(await blockDevices(ctx(fakeFs({})))).toMatchObject({ state: 'nothing' });
  });
});

describe('the agent APIs and guessing', () => {
  it('tries anything ID-shaped in an answer, and says when there is none or no way there', async () => {
    const answers: Record<string, HttpAnswer> = {
      'http://172.17.0.1:51678/v1/tasks': { ok: true, status: 200, body: '{"Tasks":[]}' },
      'http://169.254.170.2/v4/x/task': { ok: true, status: 200, body: `{"leak":"${ID_B}"}` },
    };
    expect(await introspection(ctx(fakeFs({}), answers))).toMatchObject({ state: 'nothing', why: 'HTTP 200, 12 bytes, no ID in the answer' });
    expect(await taskMetadata(ctx(fakeFs({}), answers, { metadataUri: 'http://169.254.170.2/v4/x' }))).toMatchObject({ state: 'found', candidates: [{ id: ID_B }] });
    expect(await taskMetadata(ctx(fakeFs({})))).toMatchObject({ state: 'nothing', why: 'the container has no task metadata endpoint' });
    expect(await introspection(ctx(fakeFs({})))).toMatchObject({ state: 'nothing', why: 'unreachable from the task: ECONNREFUSED' });
  });

  it('guesses as many random IDs as asked, all different', async () => {
    const r = await guess(ctx(fakeFs({})));
    expect(r.state === 'found' && new Set(r.candidates.map((c) => c.id)).size).toBe(3);
  });
});
