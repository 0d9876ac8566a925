import type Docker from 'dockerode';
import createDebug from 'debug';
import { LABEL, runLiveness } from './identity.ts';

const debug = createDebug('ecs-sim:gc');

export interface GcOptions {
  /** Runs of other hosts are removed only when older than this (ms). Default: never. */
  foreignMaxAgeMs?: number;
  /** Remove these runs whatever their liveness (used by a run's own teardown check). */
  onlyRun?: string;
}

export interface GcReport {
  runs: string[];
  containers: number;
  networks: number;
  volumes: number;
}

interface Found {
  run: string;
  labels: Record<string, string>;
  createdMs: number;
}

/**
 * Removes what dead runs left behind: containers first (they hold networks and volumes), then
 * networks, then volumes. A live run of this host is never touched.
 */
export async function gc(docker: Docker, opts: GcOptions = {}): Promise<GcReport> {
  const filters = JSON.stringify({ label: [opts.onlyRun ? `${LABEL.run}=${opts.onlyRun}` : LABEL.run] });
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  const dead = (f: Found): boolean => {
    if (opts.onlyRun) return true;
    const live = runLiveness(f.labels);
    if (live.state === 'dead') return true;
    if (live.state === 'foreign-host') return opts.foreignMaxAgeMs !== undefined && Date.now() - f.createdMs > opts.foreignMaxAgeMs;
    return false;
  };
  const runs = new Set<string>();
  const pick = <T>(items: T[], found: (t: T) => Found): T[] =>
    items.filter((item) => {
      const f = found(item);
      if (!dead(f)) return false;
      runs.add(f.run);
      return true;
    });

  const deadContainers = pick(containers, (c) => ({ run: c.Labels[LABEL.run] ?? '', labels: c.Labels, createdMs: c.Created * 1000 }));
  const deadNetworks = pick(networks, (n) => ({ run: n.Labels?.[LABEL.run] ?? '', labels: n.Labels ?? {}, createdMs: Date.parse(n.Created ?? '') || 0 }));
  const deadVolumes = pick(volumes.Volumes ?? [], (v) => ({
    run: v.Labels?.[LABEL.run] ?? '',
    labels: v.Labels ?? {},
    createdMs: Date.parse((v as { CreatedAt?: string }).CreatedAt ?? '') || 0,
  }));

  await Promise.all(deadContainers.map((c) => removeQuietly(`container ${c.Names[0] ?? c.Id}`, () => docker.getContainer(c.Id).remove({ force: true, v: true }))));
  await Promise.all(deadNetworks.map((n) => removeQuietly(`network ${n.Name}`, () => docker.getNetwork(n.Id).remove())));
  await Promise.all(deadVolumes.map((v) => removeQuietly(`volume ${v.Name}`, () => docker.getVolume(v.Name).remove({ force: true }))));
  return { runs: [...runs], containers: deadContainers.length, networks: deadNetworks.length, volumes: deadVolumes.length };
}

async function removeQuietly(what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
    debug('removed %s', what);
  } catch (err) {
    // 404: already gone (another gc, or Docker's own auto-removal); anything else is logged.
    if ((err as { statusCode?: number }).statusCode !== 404) debug('could not remove %s: %O', what, err);
  }
}
