import type Docker from 'dockerode';
import createDebug from 'debug';
import { withTimeout } from '../errors.ts';
import { execIn, execOk } from '../engine/exec.ts';
import { findImage } from '../engine/images/inspect.ts';
import type { DockerEngine } from '../engine/images/engines.ts';
import { ignore404, removeIfExists } from '../engine/remove.ts';
import type { SimRun } from '../run/sim-run.ts';
import { startNearPrivileged } from './host-config.ts';
import { loadThroughExec } from './load-image.ts';

const debug = createDebug('ecs-sim:image-cache');

/**
 * Up to 10 s inside the loader (within its exec's 12 s): 5 s for its API socket, then one
 * `docker info` of at most 5 s, which waits until dockerd serves the socket.
 */
const DOCKERD_READY = 'for _ in $(seq 1 250); do [ -S /var/run/docker.sock ] && break; sleep 0.02; done; timeout 5 docker info >/dev/null';

/** Where an instance mounts its engine's image cache (read-only), and where the seed's links point. */
export const IMAGE_CACHE_DIR = '/image-cache';

/** What a new instance of one engine gets from the run's image cache before its dockerd starts. */
export interface ImageSeed {
  /** The cache volume, to mount read-only at IMAGE_CACHE_DIR. */
  volume: string;
  /** A tar of var/lib/docker (image metadata and layer dirs whose `diff` links into the cache), to extract at /disk. */
  tar: Buffer;
  /** The tags it holds. */
  tags: ReadonlySet<string>;
}

/**
 * Builds /seed/var/lib/docker from the cache's dockerd data root (moby daemon/graphdriver/overlay2
 * and image/ layout, the same for 20.10, 26.1 and 28.5): the image and layer metadata are small
 * and copied (layerdb, imagedb, repositories.json); each layer dir is a real dir of the instance's
 * own with its `link`, `lower`, `work` and `committed` copied, because dockerd writes in it
 * (overlay2 create() writes the parent's `committed` marker; Get() makes `merged`), and only its
 * `diff`, the extracted content, which nothing changes once committed, is a symlink into the
 * read-only cache. `l/<short id>` are overlay2's short lowerdir links, as the driver makes them.
 */
const SEED_SCRIPT = `set -eu
C=${IMAGE_CACHE_DIR} S=/seed/var/lib/docker
rm -rf /seed && mkdir -p "$S/overlay2/l" "$S/image"
cp -a "$C/image/overlay2" "$S/image/"
rm -rf "$S/image/overlay2/layerdb/mounts" "$S/image/overlay2/layerdb/tmp"
for d in "$C"/overlay2/*/; do
  id=$(basename "$d"); [ "$id" = l ] && continue
  mkdir "$S/overlay2/$id"
  for f in "$d"*; do
    if [ "$(basename "$f")" = diff ]; then ln -s "$C/overlay2/$id/diff" "$S/overlay2/$id/diff"; else cp -a "$f" "$S/overlay2/$id/"; fi
  done
  ln -s "../$id/diff" "$S/overlay2/l/$(cat "$d/link")"
done`;

/**
 * The run's image cache: per engine version, one volume holding the data root of a short-lived
 * dockerd of that engine (from the instance image) into which each image is loaded once per run.
 * Each new instance then gets, before its dockerd starts, the cache's image metadata and layer
 * dirs linking into it (SEED_SCRIPT), so no layer is extracted twice (issue 11: a task image
 * enters the simulated engines once per run). Both the volume and the loader container carry the
 * run's labels; the run's teardown and `ecs-sim gc` remove them.
 */
export class ImageCache {
  private readonly engines = new Map<DockerEngine, EngineCache>();

  /** `name` tells apart caches of one run (the run has one; the bench makes more). */
  constructor(
    private readonly run: SimRun,
    private readonly name = 'images',
  ) {}

  /** Makes sure every tag (those on the host engine) is in `engine`'s cache, and returns the seed for a new instance. */
  prepare(engine: DockerEngine, tags: Iterable<string>): Promise<ImageSeed | undefined> {
    let cache = this.engines.get(engine);
    if (!cache) this.engines.set(engine, (cache = new EngineCache(this.run, engine, `${this.run.id}-${this.name}-docker-${engine}`)));
    return cache.prepare([...new Set(tags)]);
  }

  /** The tags loaded into `engine`'s cache so far, one entry per load, in order. */
  loads(engine: DockerEngine): readonly string[] {
    return this.engines.get(engine)?.loads ?? [];
  }
}

class EngineCache {
  /** tag → the host engine's image ID when it was loaded. */
  private readonly held = new Map<string, string>();
  readonly loads: string[] = [];
  private seed: ImageSeed | undefined;
  /** Fills one at a time: concurrent boots of one engine share the work. */
  private queue: Promise<unknown> = Promise.resolve();
  private volumeMade = false;
  /** Set when the loader's dockerd uses another storage driver than overlay2: instances then load as before. */
  private unusable: string | undefined;

  constructor(
    private readonly run: SimRun,
    private readonly engine: DockerEngine,
    private readonly volume: string,
  ) {}

  prepare(tags: string[]): Promise<ImageSeed | undefined> {
    const next = this.queue.then(() => this.fill(tags));
    this.queue = next.catch(() => {});
    return next;
  }

  private async fill(tags: string[]): Promise<ImageSeed | undefined> {
    if (this.unusable) return undefined;
    const missing: Array<{ tag: string; id: string }> = [];
    for (const tag of tags) {
      const outer = await findImage(this.run.docker, tag);
      // Not on the host: loadImageIntoNested reports it when a task needs it.
      if (outer && this.held.get(tag) !== outer.Id) missing.push({ tag, id: outer.Id });
    }
    if (missing.length === 0) return this.seed;
    const started = Date.now();
    await this.withLoader(async (loader) => {
      const driver = (await execOk(loader, ['docker', 'info', '--format', '{{.Driver}}'])).trim();
      if (driver !== 'overlay2') {
        this.unusable = `the nested dockerd chose storage driver ${driver}, not overlay2`;
        return;
      }
      for (const { tag, id } of missing) {
        await loadThroughExec(this.run.docker, loader, tag, 600_000);
        this.held.set(tag, id);
        this.loads.push(tag);
      }
      await execOk(loader, ['sh', '-c', SEED_SCRIPT], { timeoutMs: 60_000 });
      const tar = await withTimeout(`reading the image seed from ${loader.id.slice(0, 12)}`, 60_000, async () => readAll(await loader.getArchive({ path: '/seed/var' })));
      this.seed = { volume: this.volume, tar, tags: new Set(this.held.keys()) };
    });
    if (this.unusable) {
      debug('docker %s: no image cache: %s', this.engine, this.unusable);
      return undefined;
    }
    debug('docker %s: cached %s in %d ms (seed %d KB)', this.engine, missing.map((m) => m.tag).join(', '), Date.now() - started, Math.round(this.seed!.tar.length / 1024));
    return this.seed;
  }

  /** Runs `fn` with a dockerd of this engine whose data root is the cache volume, then removes it. */
  private async withLoader(fn: (loader: Docker.Container) => Promise<void>): Promise<void> {
    const { docker, teardown } = this.run;
    if (!this.volumeMade) {
      await docker.createVolume({ Name: this.volume, Labels: this.run.labels('image-cache') });
      // Registered before any instance that mounts it: the teardown (last in, first out) removes it after them.
      teardown.defer(`remove volume ${this.volume}`, () => ignore404(docker.getVolume(this.volume).remove({ force: true })));
      this.volumeMade = true;
    }
    const name = `${this.volume}-loader`;
    teardown.defer(`remove container ${name}`, () => removeIfExists(docker, name));
    const { container } = await startNearPrivileged(docker, {
      Image: await this.run.instanceImage(this.engine),
      name,
      Labels: this.run.labels('image-cache'),
      // No network, no bridge, no iptables: it only stores images.
      Entrypoint: ['sh', '-c', `exec dockerd --data-root ${IMAGE_CACHE_DIR} --bridge=none --iptables=false >/var/log/dockerd.log 2>&1`],
      HostConfig: {
        NetworkMode: 'none',
        CgroupnsMode: 'private',
        Mounts: [{ Type: 'volume', Source: this.volume, Target: IMAGE_CACHE_DIR }],
      } as Docker.HostConfig,
    });
    try {
      // One exec that waits inside (as boot.sh's start_dockerd does): the socket exists before
      // dockerd serves it, and a `docker info` then waits until it does.
      await withTimeout(`the image cache's dockerd (docker ${this.engine}) to answer docker info`, 30_000, async (signal) => {
        while (!signal.aborted && (await execIn(container, ['sh', '-c', DOCKERD_READY], { timeoutMs: 12_000 })).exitCode !== 0) await new Promise((r) => setTimeout(r, 50));
      });
      await fn(container);
    } finally {
      await removeIfExists(docker, name);
    }
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
