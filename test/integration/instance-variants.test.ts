import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import { imdsMetadata } from '../../harness/probes/http-target.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { leftovers, startRun } from './support.ts';

describe('instance variants', () => {
  let run: SimRun;
  beforeAll(async () => {
    run = await startRun();
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('iptables-legacy: dockerd and the user\'s rules live in the legacy tables, and the DROP still works', async () => {
    const instance = await EcsInstance.boot(run, { iptables: 'legacy' });
    try {
      expect(await instance.sh('iptables --version')).toContain('legacy');
      expect(await instance.sh('iptables-legacy-save -t filter')).toContain(':DOCKER-USER');
      expect(await instance.sh('iptables-nft-save -t filter 2>/dev/null || true')).not.toContain('DOCKER-USER');
      await instance.sh('iptables -I DOCKER-USER 1 -i docker+ -d 169.254.169.254/32 -j DROP');
      const web = await instance.tasks.start({ name: 'web', networkMode: 'bridge' });
      expect((await instance.prober.probe({ kind: 'task', task: web }, imdsMetadata)).state).toBe('blocked');
      expect((await instance.prober.probe({ kind: 'instance' }, imdsMetadata)).state).toBe('allowed');
    } finally {
      await instance.destroy();
    }
  });

  it('restore-before-docker: the outer engine\'s DNS rules are neither saved nor duplicated, and the live ones stay', async () => {
    const instance = await EcsInstance.boot(run, { persistence: 'restore-before-docker' });
    try {
      await instance.sh('ecs-sim-iptables-persist save');
      expect(await instance.sh('cat /etc/sysconfig/iptables')).not.toMatch(/DOCKER_OUTPUT|DOCKER_POSTROUTING/);
      const live = async () => (await instance.sh('iptables-save -t nat')).split('\n').filter((l) => /^-A .*DOCKER_(OUTPUT|POSTROUTING)/.test(l));
      const before = await live();
      expect(before.length).toBeGreaterThan(0);
      await instance.reboot();
      // The reboot gave the instance a fresh namespace with fresh DNS rules; exactly one copy of them.
      const after = await live();
      expect(after.length).toBe(before.length);
      expect(new Set(after).size).toBe(after.length);
    } finally {
      await instance.destroy();
    }
  });

  it('restore-after-docker: the saved rules come back only once dockerd has started', async () => {
    const instance = await EcsInstance.boot(run, { persistence: 'restore-after-docker' });
    try {
      await instance.sh('iptables -I DOCKER-USER 1 -i docker+ -d 169.254.169.254/32 -j DROP && iptables-save > /etc/sysconfig/iptables');
      await instance.reboot();
      // The boot log shows the order: dockerd first, then the restore.
      const log = (await instance.container.logs({ stdout: true, stderr: true })).toString('utf8');
      const lastBoot = log.slice(log.lastIndexOf('ecs-sim-boot: mounts'));
      expect(lastBoot.indexOf('ecs-sim-boot: dockerd')).toBeLessThan(lastBoot.indexOf('restoring /etc/sysconfig/iptables after docker'));
      expect(await instance.sh('iptables -S DOCKER-USER')).toContain('-A DOCKER-USER -d 169.254.169.254/32 -i docker+ -j DROP');
    } finally {
      await instance.destroy();
    }
  });

  it('an ECS Anywhere instance has no route to an IMDS', async () => {
    const instance = await EcsInstance.boot(run, { noImds: true });
    try {
      expect(await instance.sh('ip route')).not.toContain('169.254.169.254');
      expect((await instance.prober.probe({ kind: 'instance' }, imdsMetadata)).state).toBe('blocked');
    } finally {
      await instance.destroy();
    }
  });
});
