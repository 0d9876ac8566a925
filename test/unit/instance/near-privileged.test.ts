import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { startNearPrivileged } from '../../../harness/instance/host-config.ts';

/** An engine whose host refuses --privileged as this machine's does ("unable to apply caps"). */
function refusingEngine() {
  const starts: string[] = [];
  const docker = {
    createContainer: async (spec: Docker.ContainerCreateOptions) => ({
      start: async () => {
        const mode = spec.HostConfig?.Privileged ? 'privileged' : 'capabilities';
        starts.push(mode);
        if (mode === 'privileged') throw new Error('(HTTP code 500) server error - unable to apply caps: operation not permitted');
      },
    }),
    getContainer: () => ({ remove: async () => {} }),
  } as unknown as Docker;
  return { docker, starts };
}

describe('startNearPrivileged', () => {
  it('falls back to the capability set where --privileged is refused, and remembers it for that engine', async () => {
    const { docker, starts } = refusingEngine();
    const seeded: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await startNearPrivileged(docker, { name: `i${i}` }, async () => void seeded.push(i));
      expect(r.privilege).toBe('capabilities');
    }
    // One refused attempt in all, not one a boot; each boot's container seeded once.
    expect(starts).toEqual(['privileged', 'capabilities', 'capabilities', 'capabilities']);
    expect(seeded).toEqual([0, 0, 1, 2]);
    // Another engine is asked again.
    const other = refusingEngine();
    await startNearPrivileged(other.docker, { name: 'j' });
    expect(other.starts).toEqual(['privileged', 'capabilities']);
  });
});
