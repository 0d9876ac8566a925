import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { Prober } from '../../../harness/probes/prober.ts';

describe('Prober.ensureImage (issue 11 item 5)', () => {
  it('loads an image once, however many ask at once', async () => {
    const loads: string[] = [];
    const prober = new Prober({} as Docker.Container, () => ({}) as Docker, 'nonce', async (image) => {
      loads.push(image);
      await new Promise((r) => setTimeout(r, 20));
    });
    await Promise.all([prober.ensureImage('a'), prober.ensureImage('a'), prober.ensureImage('b')]);
    await prober.ensureImage('a');
    expect(loads).toEqual(['a', 'b']);
  });

  it('forgets a load that failed, so the next use tries again and reports it', async () => {
    let calls = 0;
    const prober = new Prober({} as Docker.Container, () => ({}) as Docker, 'nonce', async () => {
      calls++;
      if (calls === 1) throw new Error('no space left');
    });
    await expect(prober.ensureImage('a')).rejects.toThrow('no space left');
    await prober.ensureImage('a');
    expect(calls).toBe(2);
  });
});
