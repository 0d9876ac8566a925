/**
 * Issue 11 item 3: a 700 MB task image enters the simulated engines once per run. Built here on
 * the host engine (bench/fat-image.ts), it is measured three ways, beside the raw operation they
 * rest on, `docker save | docker load` of the same image into a bare nested dockerd (CLI pipe):
 * the first instance's cost (filling a fresh image cache), and a further instance's: its boot with
 * the image cached and checked, minus the boot just after it of an instance of a second run whose
 * cache has not got it.
 */
import type Docker from 'dockerode';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { DEFAULT_ENGINE } from '../harness/engine/images/engines.ts';
import { execIn } from '../harness/engine/exec.ts';
import { removeIfExists } from '../harness/engine/remove.ts';
import { EcsInstance } from '../harness/instance/ecs-instance.ts';
import { startNearPrivileged } from '../harness/instance/host-config.ts';
import { ImageCache } from '../harness/instance/image-cache.ts';
import type { SimRun } from '../harness/run/sim-run.ts';
import { buildFatImage } from './fat-image.ts';

const sh = promisify(execFile);
export const FAT_IMAGE_MB = 700;

export interface Timed {
  what: string;
  ours: number[];
  rawWhat: string;
  raw: number[];
}

/** `other` is a second run, whose cache never holds the image: its boots are the "without" of each pair. */
export async function benchImageCache(run: SimRun, other: SimRun, rounds: number, time: (fn: () => Promise<unknown>) => Promise<number>): Promise<Timed[]> {
  const tag = `ecs-sim-bench/fat:${run.id}`;
  const { docker } = run;
  await buildFatImage(docker, tag, { megabytes: FAT_IMAGE_MB, layers: 4, labels: run.labels('bench') });
  try {
    const raw: number[] = [];
    const first: number[] = [];
    for (let i = 0; i < rounds; i++) {
      first.push(await time(() => new ImageCache(run, `bench-${i}`).prepare(DEFAULT_ENGINE, [tag])));
      raw.push(await rawLoad(run, tag, i));
    }
    // Pairs, one boot on each run in turn (the machine's noise hits both alike); each run boots
    // once first, so that neither pays its probe image's first load in a pair.
    await run.imageCache.prepare(DEFAULT_ENGINE, [tag]); // the run's own cache, filled once
    await (await EcsInstance.boot(run, { images: [tag] })).destroy();
    await (await EcsInstance.boot(other)).destroy();
    const further: number[] = [];
    const withs: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let a: EcsInstance | undefined;
      let b: EcsInstance | undefined;
      const withIt = await time(async () => {
        a = await EcsInstance.boot(run, { images: [tag] });
        const arrival = await a.ensureImage(tag);
        if (arrival !== 'cached') throw new Error(`bench: the ${FAT_IMAGE_MB} MB image was ${arrival}, not cached, in a further instance`);
      });
      const bare = await time(async () => (b = await EcsInstance.boot(other)));
      further.push(withIt - bare);
      withs.push(withIt);
      without.push(bare);
      await Promise.all([a?.destroy(), b?.destroy()]);
    }
    return [
      { what: `${FAT_IMAGE_MB} MB image, first instance (fills the run's cache)`, ours: first, rawWhat: 'docker save | docker load into a bare dockerd', raw },
      { what: `further instance: boot + ${FAT_IMAGE_MB} MB image usable`, ours: withs, rawWhat: 'boot without it (the other run)', raw: without },
      { what: `${FAT_IMAGE_MB} MB image, each further instance (boot with it − without)`, ours: further, rawWhat: 'docker save | docker load into a bare dockerd', raw },
    ];
  } finally {
    await docker.getImage(tag).remove({ force: true }).catch(() => {});
  }
}

/** The raw operation: the CLI's save | load into a bare nested dockerd whose data root is a volume, like the cache's. */
async function rawLoad(run: SimRun, tag: string, i: number): Promise<number> {
  const { docker } = run;
  const name = `${run.id}-bench-load-${i}`;
  run.teardown.defer(`remove volume ${name}`, async () => { await docker.getVolume(name).remove({ force: true }).catch(() => {}); });
  run.teardown.defer(`remove container ${name}`, () => removeIfExists(docker, name));
  await docker.createVolume({ Name: name, Labels: run.labels('bench') });
  const { container } = await startNearPrivileged(docker, {
    Image: await run.instanceImage(DEFAULT_ENGINE),
    name,
    Labels: run.labels('bench'),
    Entrypoint: ['sh', '-c', 'exec dockerd --bridge=none --iptables=false >/dev/null 2>&1'],
    HostConfig: { NetworkMode: 'none', CgroupnsMode: 'private', Mounts: [{ Type: 'volume', Source: name, Target: '/var/lib/docker' }] } as Docker.HostConfig,
  });
  while ((await execIn(container, ['docker', 'info'], { timeoutMs: 10_000 })).exitCode !== 0) await new Promise((r) => setTimeout(r, 50));
  const t = performance.now();
  await sh('sh', ['-c', `docker save '${tag}' | docker exec -i ${name} docker load`], { maxBuffer: 1 << 20, timeout: 600_000 });
  const ms = performance.now() - t;
  await removeIfExists(docker, name);
  await docker.getVolume(name).remove({ force: true });
  return ms;
}
