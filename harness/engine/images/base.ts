import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
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
 * included: probes from the instance itself run its nc), and that suite's Docker packages. Such a
 * base serves the instance only, so it also takes the AMI's firewalld and the D-Bus it needs,
 * which the Dockerfile otherwise installs in a layer of its own (an apt-get update and a second
 * dpkg run: 14 to 17 s of an engine's first build, README "Docker engines"); bookworm's base
 * serves the probe and mock images too, which stay without them.
 */
const INSTANCE_PACKAGES = ['iptables', 'iproute2', 'nftables', 'procps', 'ca-certificates', 'busybox-static', 'kmod', 'conntrack', 'firewalld', 'dbus'] as const;

export const baseTag = (suite: Suite): string => `ecs-sim/base:${suite}`;

/** The packages mmdebstrap installs for a suite: bookworm's base serves every image. */
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
  /** `replaced`: the base this one took the tag from, to be removed once no image is built on it. */
  | { kind: 'bootstrapped'; tag: string; seconds: number; replaced?: Docker.ImageInspectInfo };

/**
 * Finds or makes the base image of a Debian suite. `ECS_SIM_BASE_IMAGE` names another one for
 * bookworm (e.g. debian:bookworm, when a registry is reachable; `ECS_SIM_BASE_IMAGE_TRIXIE` and
 * `_SID` for the others); otherwise `ecs-sim/base:<suite>` is built offline with mmdebstrap from
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
        fix: `unset ${envVar} to build the base offline with mmdebstrap, or load the image with \`docker load\``,
        cause,
      });
    }
  }
  const packages = basePackages(suite);
  const tag = baseTag(suite);
  // The bootstrap's own arguments (but the mirror) are inputs: a change to them rebuilds the base.
  const inputs = hashOf(JSON.stringify({ suite, packages, args: bootstrapArgs(suite, packages, '') }));
  const found = await findImage(docker, tag);
  if (found && found.Config?.Labels?.[INPUTS_LABEL] === inputs) return { kind: 'present', tag };
  const started = Date.now();
  log(`Building base image "${tag}" offline with mmdebstrap (about a minute, once per suite)...`);
  await bootstrapImport(docker, tag, inputs, suite, packages);
  const seconds = (Date.now() - started) / 1000;
  log(`Built base image "${tag}" in ${seconds.toFixed(0)} s`);
  return { kind: 'bootstrapped', tag, seconds, ...(found ? { replaced: found } : {}) };
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

/**
 * How the base's root file system is made. mmdebstrap (in Debian since buster, MIT) rather than
 * debootstrap: it resolves and downloads with apt, unpacks with one dpkg run and writes the tar
 * to stdout, which goes straight into `docker import` (no folder on disk, no second tar pass).
 * Documentation is never unpacked (dpkg's path-exclude, kept in the image for later installs);
 * force-unsafe-io skips dpkg's fsync of every file, pointless for a tree that becomes a tar.
 * Check-Valid-Until=false: the mirror may be a dated snapshot, whose sid Release file has expired
 * (apt refuses it by default; debootstrap never checked it).
 */
export function bootstrapArgs(suite: Suite, packages: readonly string[], mirror: string): string[] {
  return [
    '--variant=minbase',
    '--mode=root',
    '--format=tar',
    `--include=${packages.join(',')}`,
    '--aptopt=Acquire::Check-Valid-Until "false"',
    '--dpkgopt=force-unsafe-io',
    ...['/usr/share/doc/*', '/usr/share/man/*', '/usr/share/info/*', '/usr/share/locale/*'].map((p) => `--dpkgopt=path-exclude=${p}`),
    // Copyright files stay: the licences of what the image ships.
    '--dpkgopt=path-include=/usr/share/doc/*/copyright',
    // mmdebstrap keeps its dpkg options in the image; unsafe I/O is for the build only.
    '--customize-hook=sed -i /force-unsafe-io/d "$1/etc/dpkg/dpkg.cfg.d/99mmdebstrap"',
    suite,
    '-',
    mirror,
  ];
}

async function bootstrapImport(docker: Docker, tag: string, inputs: string, suite: Suite, packages: readonly string[]): Promise<void> {
  const fix = `on a Debian/Ubuntu host run as root with mmdebstrap installed (\`apt-get install mmdebstrap\`; scripts/ensure-docker.sh installs it), or set ${baseOverrideVar(suite)} to a Debian ${suite} image you have`;
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/usr/bin/mmdebstrap')) {
    throw new EcsSimError('BASE_IMAGE_UNAVAILABLE', `base image "${tag}" is not present, and it can be built offline only on Linux, as root, with mmdebstrap`, { kind: 'environment', fix });
  }
  const mirror = hostDebianMirror();
  debug('mmdebstrap %s from %s', suite, mirror);
  const [repo, version] = tag.split(':') as [string, string];
  const child = spawn('mmdebstrap', bootstrapArgs(suite, packages, mirror), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  // A spawn that fails (EACCES, ENOENT between the check and here) emits no 'exit': it ends the wait too.
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? `killed by ${signal}`));
    child.on('error', (e) => resolve(`could not start: ${e.message}`));
  });
  const failed = (why: string) =>
    new EcsSimError('BASE_IMAGE_UNAVAILABLE', `mmdebstrap of ${suite} for ${tag} ${why}: ${stderr.trim().split('\n').slice(-5).join(' | ') || 'no output'}`, { kind: 'environment', fix });
  const importImage = async () => {
    const stream: NodeJS.ReadableStream = await (docker.importImage as (this: Docker, s: unknown, o: unknown) => Promise<NodeJS.ReadableStream>).call(docker, child.stdout, { repo, tag: version, changes: [`LABEL ${INPUTS_LABEL}=${inputs}`, 'CMD ["/bin/bash"]'] });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (e: unknown) => (e ? reject(e) : resolve())));
  };
  await withTimeout(
    `mmdebstrap of ${suite} into docker import of ${tag}`,
    900_000,
    async () => {
      // An import that fails stops reading the tar: the bootstrap is killed rather than left blocked on the pipe.
      const importError = await importImage().then(() => undefined, (e: unknown) => (child.kill('SIGKILL'), e as Error));
      const code = await exited;
      // A failed bootstrap ends the tar early and docker may import what it got: the exit code decides.
      if (code !== 0) {
        await docker.getImage(tag).remove({ force: true }).catch(() => {});
        throw failed(importError ? `stopped (the import failed: ${importError.message})` : typeof code === 'number' ? `exited ${code}` : code);
      }
      if (importError) throw failed(`ran, but docker import failed: ${importError.message}`);
    },
    { onTimeout: () => child.kill('SIGKILL') },
  );
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
