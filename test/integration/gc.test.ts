import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { gc } from '../../harness/run/gc.ts';
import { LABEL, newRunIdentity } from '../../harness/run/identity.ts';
import { imageTag } from '../../harness/engine/images/catalog.ts';
import { leftovers } from './support.ts';

describe('ecs-sim gc', () => {
  it('removes what a dead run left behind and leaves a live run alone', async () => {
    const docker = new Docker();
    const live = newRunIdentity('gc-live');
    const dead = newRunIdentity('gc-dead');
    // A dead run: this host, a pid whose start time does not match (the process is gone).
    dead.labels[LABEL.pidStart] = '1';
    const make = async (id: { id: string; labels: Record<string, string> }) => {
      await docker.createVolume({ Name: `${id.id}-disk`, Labels: id.labels });
      await docker.createNetwork({ Name: `${id.id}-net`, Labels: id.labels });
      await docker.createContainer({ name: `${id.id}-c`, Image: imageTag('probe'), Labels: id.labels, HostConfig: { NetworkMode: `${id.id}-net`, Binds: [`${id.id}-disk:/disk`] } });
    };
    await make(live);
    await make(dead);
    try {
      const report = await gc(docker);
      expect(report.runs).toContain(dead.id);
      expect(report.runs).not.toContain(live.id);
      expect(await leftovers(docker, dead.id)).toEqual([]);
      expect((await leftovers(docker, live.id)).sort()).toEqual([`container /${live.id}-c`, `network ${live.id}-net`, `volume ${live.id}-disk`]);
    } finally {
      await gc(docker, { onlyRun: live.id });
      await gc(docker, { onlyRun: dead.id });
    }
    expect(await leftovers(docker, live.id)).toEqual([]);
  });

  it('removes runs of other hosts only when older than the stated age', async () => {
    const docker = new Docker();
    const foreign = newRunIdentity('gc-foreign');
    foreign.labels[LABEL.host] = 'some-other-runner';
    await docker.createNetwork({ Name: `${foreign.id}-net`, Labels: foreign.labels });
    try {
      expect((await gc(docker)).runs).not.toContain(foreign.id);
      expect((await gc(docker, { foreignMaxAgeMs: 3_600_000 })).runs).not.toContain(foreign.id);
      expect((await gc(docker, { foreignMaxAgeMs: 0 })).runs).toContain(foreign.id);
    } finally {
      await gc(docker, { onlyRun: foreign.id });
    }
  });
});
