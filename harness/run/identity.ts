import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who owns a Docker resource. Every container, network and volume carries these labels, so that
 * `ecs-sim gc` can tell a live run's resources from a dead run's: the pid alone is not enough
 * (pids are reused), so the process start time (field 22 of /proc/<pid>/stat) goes with it.
 */
export const LABEL = {
  run: 'ecs-sim.run',
  host: 'ecs-sim.host',
  pid: 'ecs-sim.pid',
  pidStart: 'ecs-sim.pid-start',
  role: 'ecs-sim.role',
} as const;

export interface RunIdentity {
  id: string;
  labels: Record<string, string>;
}

export function newRunIdentity(prefix = 'es'): RunIdentity {
  const id = `${prefix}-${randomBytes(4).toString('hex')}`;
  return {
    id,
    labels: {
      [LABEL.run]: id,
      [LABEL.host]: hostname(),
      [LABEL.pid]: String(process.pid),
      [LABEL.pidStart]: processStartTime(process.pid) ?? 'unknown',
    },
  };
}

/** Clock ticks since boot at which the process started, or undefined when it does not exist. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after its closing paren are plain.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

export type Liveness = { state: 'alive' } | { state: 'dead'; why: string } | { state: 'foreign-host'; host: string };

/** Whether the run that labelled a resource still runs (only decidable for runs of this host). */
export function runLiveness(labels: Record<string, string | undefined>): Liveness {
  const host = labels[LABEL.host];
  if (host !== hostname()) return { state: 'foreign-host', host: host ?? 'unknown' };
  const pid = Number(labels[LABEL.pid]);
  if (!Number.isInteger(pid) || pid <= 0) return { state: 'dead', why: 'no pid label' };
  const start = processStartTime(pid);
  if (start === undefined) return { state: 'dead', why: `process ${pid} is gone` };
  if (start !== labels[LABEL.pidStart]) return { state: 'dead', why: `pid ${pid} now belongs to another process` };
  return { state: 'alive' };
}
