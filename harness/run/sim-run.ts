import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import createDebug from 'debug';
import { connectEngine } from '../engine/connect.ts';
import { ensureImages } from '../engine/images/build.ts';
import { imageTag } from '../engine/images/catalog.ts';
import { DEFAULT_ENGINE, type DockerEngine } from '../engine/images/engines.ts';
import { ImageCache } from '../instance/image-cache.ts';
import { gc } from './gc.ts';
import { LABEL, newRunIdentity, type RunIdentity } from './identity.ts';
import { Teardown } from './teardown.ts';

const debug = createDebug('ecs-sim:run');

export interface SimRunOptions {
  /** Progress lines ("Building image ..."); default: the `ecs-sim:run` debug namespace. */
  log?: (line: string) => void;
  /** Clean leftovers of dead runs before starting. Default true. */
  gcFirst?: boolean;
  /** Tear down on SIGINT/SIGTERM, then exit (130/143). Default true. */
  handleSignals?: boolean;
  /**
   * The Docker engines whose instance image is built before the run starts. Default
   * [DEFAULT_ENGINE]; any other engine's is built when an instance first needs it.
   */
  engines?: readonly DockerEngine[];
}

/**
 * One run of ecs-sim: an engine connection, a run identity whose labels go on every resource,
 * a nonce that every mock answer carries, and a teardown that always runs (on success, failure
 * and signals). Use with `await using run = await SimRun.start()`.
 */
export class SimRun implements AsyncDisposable {
  readonly teardown = new Teardown();
  /** Carried by every mock answer and canary: proof that an answer came from this run's mocks. */
  readonly nonce = randomBytes(6).toString('hex');
  private signalHandler: ((signal: NodeJS.Signals) => void) | undefined;
  private instances = 0;
  /** Each engine's instance image, made sure of once per run (concurrent boots share the build). */
  private readonly instanceImages = new Map<DockerEngine, Promise<string>>();
  /** Task and probe images, loaded once per engine per run and seeded into every new instance. */
  readonly imageCache = new ImageCache(this);

  private constructor(
    readonly docker: Docker,
    readonly identity: RunIdentity,
    readonly log: (line: string) => void,
  ) {}

  static async start(opts: SimRunOptions = {}): Promise<SimRun> {
    const log = opts.log ?? ((l: string) => debug(l));
    const docker = await connectEngine();
    if (opts.gcFirst ?? true) {
      const cleaned = await gc(docker);
      if (cleaned.runs.length > 0) log(`Removed leftovers of ${cleaned.runs.length} dead run(s): ${cleaned.containers} container(s), ${cleaned.networks} network(s), ${cleaned.volumes} volume(s)`);
    }
    const engines = [...new Set(opts.engines ?? [DEFAULT_ENGINE])];
    await ensureImages(docker, { engines, log });
    const run = new SimRun(docker, newRunIdentity(), log);
    for (const e of engines) run.instanceImages.set(e, Promise.resolve(imageTag('instance', e)));
    if (opts.handleSignals ?? true) run.trapSignals();
    debug('run %s started', run.id);
    return run;
  }

  get id(): string {
    return this.identity.id;
  }

  /** The instance image of an engine, built first if this run has not made sure of it yet. */
  instanceImage(engine: DockerEngine = DEFAULT_ENGINE): Promise<string> {
    let tag = this.instanceImages.get(engine);
    if (!tag) {
      tag = ensureImages(this.docker, { names: ['instance'], engines: [engine], log: this.log }).then(() => imageTag('instance', engine));
      // A failed build is not remembered: the next instance tries again.
      tag.catch(() => this.instanceImages.delete(engine));
      this.instanceImages.set(engine, tag);
    }
    return tag;
  }

  /** The run's labels plus the resource's role (instance, mocks, link, disk). */
  labels(role: string): Record<string, string> {
    return { ...this.identity.labels, [LABEL.role]: role };
  }

  /** A short name unique in this run: `<run id>-<what>-<n>`. */
  nextInstanceName(): string {
    return `${this.id}-i${++this.instances}`;
  }

  /**
   * Ends the run but leaves its resources on the engine (`ecs-sim run --keep`). Its process is
   * about to exit, so `ecs-sim gc`, or the next run, sees a dead run and removes them.
   */
  abandon(): void {
    this.untrapSignals();
  }

  async close(): Promise<void> {
    this.untrapSignals();
    await this.teardown.run();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private untrapSignals(): void {
    if (!this.signalHandler) return;
    process.off('SIGINT', this.signalHandler);
    process.off('SIGTERM', this.signalHandler);
    this.signalHandler = undefined;
  }

  private trapSignals(): void {
    this.signalHandler = (signal) => {
      process.stderr.write(`\necs-sim: ${signal}: tearing down run ${this.id}...\n`);
      const code = signal === 'SIGINT' ? 130 : 143;
      this.teardown.run().then(
        () => process.exit(code),
        (err: Error) => {
          process.stderr.write(`${err.message}\n`);
          process.exit(code);
        },
      );
    };
    process.once('SIGINT', this.signalHandler);
    process.once('SIGTERM', this.signalHandler);
  }
}
