import type Docker from 'dockerode';
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
