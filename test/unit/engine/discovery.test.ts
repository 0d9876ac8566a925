import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverEngine } from '../../../harness/engine/connect.ts';
import { engineCandidates } from '../../../harness/engine/discovery/candidates.ts';
import { dockerOptionsFor } from '../../../harness/engine/discovery/docker-options.ts';
import { readEngineSettings } from '../../../harness/engine/discovery/settings.ts';
import { EcsSimError } from '../../../harness/errors.ts';

// Engine discovery against fake engines: tiny HTTP servers that answer /_ping as dockerd does,
// on unix sockets in a temp folder (and one on loopback TCP), with a fake home holding
// ~/.testcontainers.properties and ~/.docker. Nothing here reaches a real engine: every case
// names its engine explicitly, and explicit engines are never fallen back from.

let dir: string;
const servers: Server[] = [];

/** A fake engine: answers GET /_ping with OK and says which one it is. */
async function fakeEngine(listen: string | number, name: string): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/_ping')) {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-fake-engine': name }).end('OK');
    } else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((ok) => (typeof listen === 'number' ? server.listen(listen, '127.0.0.1', ok) : server.listen(listen, ok)));
  const address = server.address();
  return typeof address === 'string' ? `unix://${address}` : `tcp://127.0.0.1:${address!.port}`;
}

/** A fake home folder with the given files. */
function home(files: Record<string, string>): string {
  const h = mkdtempSync(join(dir, 'home-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(h, path, '..'), { recursive: true });
    writeFileSync(join(h, path), text);
  }
  return h;
}

const contextFiles = (name: string, host: string) => ({
  '.docker/config.json': JSON.stringify({ currentContext: name }),
  [`.docker/contexts/meta/${createHash('sha256').update(name).digest('hex')}/meta.json`]: JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }),
});

let a: string;
let b: string;
let tcp: string;
let silent: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ecs-sim-discovery-'));
  a = await fakeEngine(join(dir, 'a.sock'), 'a');
  b = await fakeEngine(join(dir, 'b.sock'), 'b');
  tcp = await fakeEngine(0, 'tcp');
  // Accepts connections and never answers: an engine that hangs.
  const hang = createServer(() => {});
  servers.push(hang);
  await new Promise<void>((ok) => hang.listen(join(dir, 'silent.sock'), ok));
  silent = `unix://${join(dir, 'silent.sock')}`;
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((ok) => s.close(ok));
  }
  rmSync(dir, { recursive: true, force: true });
});

const which = async (env: NodeJS.ProcessEnv, h: string) => {
  const engine = await discoverEngine({ env, home: h, timeoutMs: 2_000 });
  return { uri: engine.uri, source: engine.source, host: engine.host };
};

describe('engine discovery', () => {
  it('DOCKER_HOST names the engine', async () => {
    expect(await which({ DOCKER_HOST: a }, home({}))).toEqual({ uri: a, source: 'DOCKER_HOST', host: 'localhost' });
  });

  it('docker.host in ~/.testcontainers.properties, and DOCKER_HOST over it', async () => {
    const h = home({ '.testcontainers.properties': `docker.host=${b}\n` });
    expect(await which({}, h)).toMatchObject({ uri: b, source: '~/.testcontainers.properties docker.host' });
    expect(await which({ DOCKER_HOST: a }, h)).toMatchObject({ uri: a, source: 'DOCKER_HOST' });
  });

  it('tc.host comes first, and TESTCONTAINERS_HOST_OVERRIDE does not apply to it', async () => {
    const h = home({ '.testcontainers.properties': `tc.host=${tcp}\ndocker.host=${b}\n` });
    expect(await which({ DOCKER_HOST: a, TESTCONTAINERS_HOST_OVERRIDE: 'docker.example' }, h)).toEqual({ uri: tcp, source: `${join(h, '.testcontainers.properties')} tc.host`, host: '127.0.0.1' });
  });

  it('TESTCONTAINERS_HOST_OVERRIDE is where published ports are reached', async () => {
    expect(await which({ DOCKER_HOST: tcp, TESTCONTAINERS_HOST_OVERRIDE: 'docker.example' }, home({}))).toMatchObject({ uri: tcp, host: 'docker.example' });
  });

  it("the Docker CLI's current context, below DOCKER_HOST; DOCKER_CONTEXT over config.json", async () => {
    const h = home(contextFiles('lab', b));
    expect(await which({}, h)).toMatchObject({ uri: b, source: 'Docker context "lab"' });
    expect(await which({ DOCKER_HOST: a }, h)).toMatchObject({ uri: a, source: 'DOCKER_HOST' });
    const h2 = home({ ...contextFiles('lab', b), ...Object.fromEntries(Object.entries(contextFiles('other', a)).filter(([k]) => k.includes('meta'))) });
    expect(await which({ DOCKER_CONTEXT: 'other' }, h2)).toMatchObject({ uri: a, source: 'Docker context "other"' });
    expect(await engineCandidates(readEngineSettings({ DOCKER_CONTEXT: 'default' }, h), { DOCKER_CONTEXT: 'default' }, h).then((r) => r.skipped)).toContain('Docker context: DOCKER_CONTEXT names the default context');
  });

  it('a broken current context is an error, not another engine', async () => {
    await expect(discoverEngine({ env: { DOCKER_CONTEXT: 'gone' }, home: home({}) })).rejects.toThrow(/current Docker context is broken: context "gone" \(from DOCKER_CONTEXT\).*\n  fix: run `docker context ls`/s);
  });

  it('a rootless socket under XDG_RUNTIME_DIR is a candidate, after the default socket', async () => {
    const run = mkdtempSync(join(dir, 'xdg-'));
    await fakeEngine(join(run, 'docker.sock'), 'rootless');
    const { candidates } = await engineCandidates(readEngineSettings({ XDG_RUNTIME_DIR: run }, home({})), { XDG_RUNTIME_DIR: run });
    const sources = candidates.map((c) => `${c.source} ${c.uri}`);
    expect(sources).toContain(`testcontainers RootlessUnixSocketStrategy unix://${join(run, 'docker.sock')}`);
    const defaultAt = sources.findIndex((s) => s.includes('unix:///var/run/docker.sock'));
    if (defaultAt >= 0) expect(defaultAt).toBeLessThan(sources.findIndex((s) => s.includes('Rootless')));
  });

  it('a named engine that is down is ENGINE_UNAVAILABLE, naming it, and nothing else is used', async () => {
    const dead = `unix://${join(dir, 'nobody.sock')}`;
    const err = await discoverEngine({ env: { DOCKER_HOST: dead }, home: home({}), timeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EcsSimError);
    expect(err).toMatchObject({ code: 'ENGINE_UNAVAILABLE', kind: 'environment' });
    expect((err as Error).message).toMatch(new RegExp(`^no Docker engine answers at ${dead}\n  tried ${dead} \\(DOCKER_HOST\\): connect ENOENT.*\n  not tried: anything else, since DOCKER_HOST names this engine\n  fix: start one .*point DOCKER_HOST at an engine that runs$`));
  });

  it('an engine that accepts and never answers fails within the timeout, naming /_ping', async () => {
    await expect(discoverEngine({ env: { DOCKER_HOST: silent }, home: home({}), timeoutMs: 300 })).rejects.toThrow(/timed out after 0\.3s waiting for the Docker engine at unix:.*silent\.sock \(DOCKER_HOST\) to answer \/_ping/);
  });
});

describe('engine addresses', () => {
  it('maps as testcontainers does, keeping ssh and https', () => {
    expect(dockerOptionsFor('unix:///run/docker.sock')).toEqual({ socketPath: '/run/docker.sock' });
    expect(dockerOptionsFor('tcp://10.1.2.3:2375')).toEqual({ host: '10.1.2.3', port: '2375' });
    expect(dockerOptionsFor('ssh://ops@build-host:2222')).toEqual({ host: 'build-host', port: '2222', protocol: 'ssh', username: 'ops' });
    expect(dockerOptionsFor('https://docker.example:2376')).toEqual({ host: 'docker.example', port: '2376', protocol: 'https' });
  });

  it('refuses what is not an address, naming the setting', () => {
    expect(() => dockerOptionsFor('localhost:2375')).toThrow(/DOCKER_HOST=localhost:2375: the scheme localhost: is not one Docker speaks/);
    expect(() => dockerOptionsFor('not a url')).toThrow(/DOCKER_HOST=not a url is not an engine address\n  fix: write unix:/);
  });
});
