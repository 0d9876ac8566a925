import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EcsSimError, withTimeout } from '../../errors.ts';
import { ensureBaseImage } from './base.ts';
import { extraFiles, imagesDir, imageTag, IMAGE_NAMES, type ImageName } from './catalog.ts';
import { hashOf } from './hash.ts';
import { findImage, INPUTS_LABEL } from './inspect.ts';

export type BuildResult = { name: ImageName; tag: string; state: 'cached' | 'built'; seconds: number };

/**
 * Makes sure every image exists and matches its inputs (the files in images/<name>/, the staged
 * extras, the base image's id). A warm start builds nothing: the hash is compared with the label
 * recorded on the image.
 */
export async function ensureImages(
  docker: Docker,
  opts: { names?: readonly ImageName[]; force?: boolean; log?: (line: string) => void } = {},
): Promise<BuildResult[]> {
  const log = opts.log ?? (() => {});
  const base = await ensureBaseImage(docker, log);
  const baseInfo = await findImage(docker, base.tag);
  const results: BuildResult[] = [];
  for (const name of opts.names ?? IMAGE_NAMES) {
    results.push(await ensureImage(docker, name, base.tag, baseInfo?.Id ?? base.tag, opts.force ?? false, log));
  }
  return results;
}

async function ensureImage(docker: Docker, name: ImageName, baseTag: string, baseId: string, force: boolean, log: (l: string) => void): Promise<BuildResult> {
  const started = Date.now();
  const tag = imageTag(name);
  const dir = join(imagesDir, name);
  const own = (await readdir(dir)).sort();
  const extras = await extraFiles(name);
  const parts: string[] = [baseId];
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
      const stream = await docker.buildImage(tar.stdout as never, { t: tag, buildargs: { BASE: baseTag }, labels: { [INPUTS_LABEL]: inputs }, rm: true, forcerm: true });
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
    log(`Built image "${tag}"`);
    return { name, tag, state: 'built', seconds: (Date.now() - started) / 1000 };
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}
