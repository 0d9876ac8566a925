import type Docker from 'dockerode';
import { afterAll, beforeAll, expect } from 'vitest';
import { LABEL } from '../../harness/run/identity.ts';
import { SimRun } from '../../harness/run/sim-run.ts';

/** A run for one test file: no signal traps (vitest owns the process). */
export const startRun = (): Promise<SimRun> => SimRun.start({ handleSignals: false });

/** Everything still labelled with this run's id, on the outer engine. */
export async function leftovers(docker: Docker, runId: string): Promise<string[]> {
  const filters = JSON.stringify({ label: [`${LABEL.run}=${runId}`] });
  return [
    ...(await docker.listContainers({ all: true, filters })).map((c) => `container ${c.Names[0]}`),
    ...(await docker.listNetworks({ filters })).map((n) => `network ${n.Name}`),
    ...((await docker.listVolumes({ filters })).Volumes ?? []).map((v) => `volume ${v.Name}`),
  ];
}

/** One run for a describe block: started before its tests, closed after them, leaving nothing. */
export function useRun(): () => SimRun {
  let run: SimRun | undefined;
  beforeAll(async () => {
    run = await startRun();
  });
  afterAll(async () => {
    if (!run) return;
    await run.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });
  return () => {
    if (!run) throw new Error('the run has not started');
    return run;
  };
}
