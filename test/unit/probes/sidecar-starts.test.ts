import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { Prober, runsProbeImage, SIDECAR_STARTS } from '../../../harness/probes/prober.ts';
import { imdsMetadata } from '../../../harness/probes/http-target.ts';
import type { RunningTask } from '../../../harness/tasks/task.ts';

describe('Prober sidecars', () => {
  it(`creates and starts at most ${SIDECAR_STARTS} at once, however many cells ask (bench/scale.ts: 50 at once made the engine miss exec limits)`, async () => {
    let inFlight = 0;
    let most = 0;
    let made = 0;
    const nested = {
      createContainer: async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        return {
          start: async () => {
            await new Promise((r) => setTimeout(r, 10));
            inFlight--;
            made++;
          },
        };
      },
    } as unknown as Docker;
    const prober = new Prober({} as Docker.Container, () => nested, 'nonce');
    // Of an image without busybox: each needs a probe sidecar.
    const tasks = Array.from({ length: 12 }, (_, i) => ({ containerId: `${i}`.padStart(64, 'f'), spec: { name: `t${i}`, containers: [{ name: 'app', image: 'user/app:1' }] } }) as unknown as RunningTask);
    // The fake sidecars cannot exec: each probe ends in an error, after its sidecar was made.
    const outcomes = await Promise.all(tasks.map((task) => prober.probe({ kind: 'task', task }, imdsMetadata)));
    expect(outcomes.every((o) => o.state === 'error')).toBe(true);
    expect(made).toBe(12);
    expect(most).toBe(SIDECAR_STARTS);
  });

  it('probes a task of the probe image in its own container, as root, with no sidecar', async () => {
    let created = 0;
    const nested = { createContainer: async () => (created++, {}) } as unknown as Docker;
    const execs: Array<{ container: string; user?: string }> = [];
    const container = {
      id: 'task-container',
      exec: async (opts: { User?: string }) => {
        execs.push({ container: 'task-container', ...(opts.User ? { user: opts.User } : {}) });
        throw new Error('no engine here');
      },
    } as unknown as Docker.Container;
    const prober = new Prober({} as Docker.Container, () => nested, 'nonce');
    const task = { containerId: 'task-container', container, spec: { name: 'web' } } as unknown as RunningTask;
    expect(runsProbeImage(task)).toBe(true);
    expect((await prober.probe({ kind: 'task', task }, imdsMetadata)).state).toBe('error');
    expect(execs).toEqual([{ container: 'task-container', user: '0' }]);
    expect(created).toBe(0);
    expect(runsProbeImage({ ...task, spec: { name: 'web', containers: [{ name: 'app', image: 'nginx:1' }] } })).toBe(false);
  });
});
