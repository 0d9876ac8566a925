import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EcsSimError, withTimeout } from '../../errors.ts';
import { BASE_SUITE, ensureBaseImage } from './base.ts';
import { DEFAULT_ENGINE, ENGINE_SOURCES, type DockerEngine } from './engines.ts';
import { extraFiles, imagesDir, imageTag, IMAGE_NAMES, type ImageName } from './catalog.ts';
import { hashOf } from './hash.ts';
import { findImage, INPUTS_LABEL, removeReplaced } from './inspect.ts';

export type BuildResult = { name: ImageName; tag: string; state: 'cached' | 'built'; seconds: number };

/**
 * Makes sure every image exists and matches its inputs (the files in images/<name>/, the staged
 * extras, the base image's id, the build arguments). A warm start builds nothing: the hash is
 * compared with the label recorded on the image. The instance is built once per engine asked
 * for (default: DEFAULT_ENGINE only), each from its own suite's base, so building one engine's
 * image neither needs nor rebuilds another's.
 */
export async function ensureImages(
  docker: Docker,
  opts: { names?: readonly ImageName[]; engines?: readonly DockerEngine[]; force?: boolean; log?: (line: string) => void } = {},
): Promise<BuildResult[]> {
  const log = opts.log ?? (() => {});
  const names = opts.names ?? IMAGE_NAMES;
  const engines = [...new Set(opts.engines ?? [DEFAULT_ENGINE])];
  const bases = new Map<string, { tag: string; id: string }>();
  const replacedBases: Array<{ old: Docker.ImageInspectInfo; tag: string }> = [];
  const baseFor = async (suite: (typeof ENGINE_SOURCES)[DockerEngine]['suite']) => {
    let b = bases.get(suite);
    if (!b) {
      const made = await ensureBaseImage(docker, log, suite);
      if (made.kind === 'bootstrapped' && made.replaced) replacedBases.push({ old: made.replaced, tag: made.tag });
      b = { tag: made.tag, id: (await findImage(docker, made.tag))?.Id ?? made.tag };
      bases.set(suite, b);
    }
    return b;
  };
  const results: BuildResult[] = [];
  for (const name of names) {
    const force = opts.force ?? false;
    if (name !== 'instance') {
      const base = await baseFor(BASE_SUITE);
      results.push(await ensureImage(docker, { name, tag: imageTag(name), base, buildargs: {} }, force, log));
      continue;
    }
    for (const engine of engines) {
      const src = ENGINE_SOURCES[engine];
      const base = await baseFor(src.suite);
      const buildargs = { DOCKER_PACKAGES: src.dockerPackages.join(' ') };
      results.push(await ensureImage(docker, { name, tag: imageTag(name, engine), base, buildargs }, force, log));
    }
  }
  // An old base goes last: the engine keeps it while an image built on it (one replaced above) exists.
  for (const { old, tag } of replacedBases) await removeReplaced(docker, old, tag);
  return results;
}

interface ImageSpec {
  name: ImageName;
  tag: string;
  base: { tag: string; id: string };
  buildargs: Record<string, string>;
}

async function ensureImage(docker: Docker, spec: ImageSpec, force: boolean, log: (l: string) => void): Promise<BuildResult> {
  const started = Date.now();
  const { name, tag } = spec;
  const dir = join(imagesDir, name);
  const own = (await readdir(dir)).sort();
  const extras = await extraFiles(name);
  // Build arguments are hashed only when there are any, so images without them keep their hash.
  const parts: string[] = [spec.base.id, ...(Object.keys(spec.buildargs).length ? [JSON.stringify(spec.buildargs)] : [])];
  for (const f of own) parts.push(f, await readFile(join(dir, f), 'utf8'));
  for (const [f, x] of Object.entries(extras)) parts.push(f, 'from' in x ? x.identity : x.content);
  const inputs = hashOf(...parts);
  const found = await findImage(docker, tag);
  if (!force && found?.Config?.Labels?.[INPUTS_LABEL] === inputs) return { name, tag, state: 'cached', seconds: (Date.now() - started) / 1000 };

  log(`Building image "${tag}"...`);
  const context = await mkdtemp(join(tmpdir(), `ecs-sim-${name}-`));
  try {
    for (const f of own) await copyFile(join(dir, f), join(context, f));
    for (const [f, x] of Object.entries(extras)) {
      if ('from' in x) await copyFile(x.from, join(context, f));
      else await writeFile(join(context, f), x.content);
    }
    const tar = spawn('tar', ['-C', context, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const output = await withTimeout(`the build of image ${tag}`, 600_000, async () => {
      const stream = await docker.buildImage(tar.stdout as never, { t: tag, buildargs: { ...spec.buildargs, BASE: spec.base.tag }, labels: { [INPUTS_LABEL]: inputs }, rm: true, forcerm: true });
      return new Promise<unknown[]>((resolve, reject) =>
        docker.modem.followProgress(stream, (e: unknown, out: unknown[]) => (e ? reject(e) : resolve(out))),
      );
    });
    const failed = output.find((o) => typeof o === 'object' && o !== null && 'error' in o) as { error?: string } | undefined;
    if (failed) {
      throw new EcsSimError('IMAGE_BUILD_FAILED', `building ${tag} failed: ${failed.error}`, {
        kind: 'environment',
        fix: `read images/${name}/Dockerfile; rebuild with \`ecs-sim images build --force\``,
      });
    }
    await removeReplaced(docker, found, tag);
    log(`Built image "${tag}"`);
    return { name, tag, state: 'built', seconds: (Date.now() - started) / 1000 };
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}
