import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createDebug from 'debug';
import { EcsSimError, withTimeout } from '../../errors.ts';
import { hashOf } from './hash.ts';
import { findImage, INPUTS_LABEL } from './inspect.ts';
import { ENGINE_SOURCES, type EngineSource } from './engines.ts';

const debug = createDebug('ecs-sim:images');

/**
 * Everything the instance, aws-mocks and probe images need from Debian. The Dockerfiles install
 * the same list when given a stock base (a user with a registry); an offline host gets them here.
 */
export const BASE_PACKAGES = [
  'docker.io', 'iptables', 'iproute2', 'nftables', 'procps', 'ca-certificates', 'busybox-static', 'kmod', 'conntrack',
] as const;
export const BASE_SUITE = 'bookworm';
export const DEFAULT_BASE_TAG = `ecs-sim/base:${BASE_SUITE}`;
export type Suite = EngineSource['suite'];

/**
 * What an instance built from another suite needs (images/instance/Dockerfile's list, busybox
 * included: probes from the instance itself run its nc), and that suite's Docker packages.
 */
const INSTANCE_PACKAGES = ['iptables', 'iproute2', 'nftables', 'procps', 'ca-certificates', 'busybox-static', 'kmod', 'conntrack'] as const;

export const baseTag = (suite: Suite): string => `ecs-sim/base:${suite}`;

/** The packages debootstrap installs for a suite: bookworm's base serves every image. */
export function basePackages(suite: Suite): readonly string[] {
  if (suite === BASE_SUITE) return BASE_PACKAGES;
  const engine = Object.values(ENGINE_SOURCES).find((e) => e.suite === suite);
  return [...(engine?.dockerPackages ?? ['docker.io']), ...INSTANCE_PACKAGES];
}

/** `ECS_SIM_BASE_IMAGE` names bookworm's stand-in; `ECS_SIM_BASE_IMAGE_TRIXIE` (…_SID) another suite's. */
const baseOverrideVar = (suite: Suite): string => (suite === BASE_SUITE ? 'ECS_SIM_BASE_IMAGE' : `ECS_SIM_BASE_IMAGE_${suite.toUpperCase()}`);

export type BaseSource =
  | { kind: 'present'; tag: string }
  | { kind: 'pulled'; tag: string }
  | { kind: 'debootstrapped'; tag: string; seconds: number };

/**
 * Finds or makes the base image of a Debian suite. `ECS_SIM_BASE_IMAGE` names another one for
 * bookworm (e.g. debian:bookworm, when a registry is reachable; `ECS_SIM_BASE_IMAGE_TRIXIE` and
 * `_SID` for the others); otherwise `ecs-sim/base:<suite>` is built offline with debootstrap from
 * the host's own apt mirror (DESIGN.md, "No container registry"), once per suite.
 */
export async function ensureBaseImage(docker: Docker, log: (line: string) => void = () => {}, suite: Suite = BASE_SUITE): Promise<BaseSource> {
  const envVar = baseOverrideVar(suite);
  const wanted = process.env[envVar];
  if (wanted) {
    if (await findImage(docker, wanted)) return { kind: 'present', tag: wanted };
    log(`Pulling base image "${wanted}"...`);
    try {
      await withTimeout(`docker pull ${wanted}`, 300_000, pull(docker, wanted));
      return { kind: 'pulled', tag: wanted };
    } catch (cause) {
      throw new EcsSimError('BASE_IMAGE_UNAVAILABLE', `base image "${wanted}" (${envVar}) is not present and could not be pulled`, {
        kind: 'environment',
        fix: `unset ${envVar} to build the base offline with debootstrap, or load the image with \`docker load\``,
        cause,
      });
    }
  }
  const packages = basePackages(suite);
  const tag = baseTag(suite);
  const inputs = hashOf(JSON.stringify({ suite, packages, v: 1 }));
  const found = await findImage(docker, tag);
  if (found && found.Config?.Labels?.[INPUTS_LABEL] === inputs) return { kind: 'present', tag };
  const started = Date.now();
  log(`Building base image "${tag}" offline with debootstrap (about a minute, once)...`);
  await debootstrapImport(docker, tag, inputs, suite, packages);
  log(`Built base image "${tag}"`);
  return { kind: 'debootstrapped', tag, seconds: (Date.now() - started) / 1000 };
}

function pull(docker: Docker, tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.pull(tag, (err: unknown, stream: NodeJS.ReadableStream) => {
      if (err) return reject(err);
      docker.modem.followProgress(stream, (e: unknown) => (e ? reject(e) : resolve()));
    });
  });
}

/** The first Debian mirror in the host's apt sources (deb822 or one-line format). */
export function hostDebianMirror(): string {
  const files = ['/etc/apt/sources.list', ...safeList('/etc/apt/sources.list.d').map((f) => join('/etc/apt/sources.list.d', f))];
  for (const file of files) {
    const text = safeRead(file);
    const m = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+/m.exec(text);
    if (m?.[1]) return m[1];
  }
  return 'http://deb.debian.org/debian';
}

async function debootstrapImport(docker: Docker, tag: string, inputs: string, suite: Suite, packages: readonly string[]): Promise<void> {
  const fix = `on a Debian/Ubuntu host run as root with debootstrap installed (scripts/ensure-docker.sh installs it), or set ${baseOverrideVar(suite)} to a Debian ${suite} image you have`;
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/usr/sbin/debootstrap')) {
    throw new EcsSimError('BASE_IMAGE_UNAVAILABLE', `base image "${tag}" is not present, and it can be built offline only on Linux, as root, with debootstrap`, { kind: 'environment', fix });
  }
  const dir = await mkdtemp(join(tmpdir(), 'ecs-sim-base-'));
  const root = join(dir, 'root');
  try {
    const mirror = hostDebianMirror();
    debug('debootstrap from %s into %s', mirror, root);
    await run('debootstrap', ['--variant=minbase', `--include=${packages.join(',')}`, suite, root, mirror], 900_000, fix);
    // Keep the image small: package caches and lists are rebuilt by `apt-get update` when needed.
    await run('sh', ['-c', `rm -rf ${root}/var/cache/apt/archives/*.deb ${root}/var/lib/apt/lists/* ${root}/usr/share/doc ${root}/usr/share/man`], 60_000, fix);
    const tar = spawn('tar', ['-C', root, '--numeric-owner', '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [repo, version] = tag.split(':') as [string, string];
    await withTimeout(`docker import of ${tag}`, 300_000, async () => {
      const stream: NodeJS.ReadableStream = await (docker.importImage as (this: Docker, s: unknown, o: unknown) => Promise<NodeJS.ReadableStream>).call(docker, tar.stdout, { repo, tag: version, changes: [`LABEL ${INPUTS_LABEL}=${inputs}`, 'CMD ["/bin/bash"]'] });
      await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (e: unknown) => (e ? reject(e) : resolve())));
    });
  } finally {
    await rm(dir, { recursive: true, force: true }).catch((e) => debug('could not remove %s: %O', dir, e));
  }
}

function run(cmd: string, args: string[], timeoutMs: number, fix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => reject(new EcsSimError('BASE_IMAGE_UNAVAILABLE', `could not run ${cmd}: ${e.message}`, { kind: 'environment', fix })));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      reject(new EcsSimError('BASE_IMAGE_UNAVAILABLE', `${cmd} ${signal ? `was killed (${signal}, limit ${timeoutMs / 1000}s)` : `exited ${code}`}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`, { kind: 'environment', fix }));
    });
  });
}

function safeRead(f: string): string {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}
function safeList(d: string): string[] {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
}
