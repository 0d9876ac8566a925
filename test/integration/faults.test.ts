import { describe, expect, it } from 'vitest';
import { connectEngine } from '../../harness/engine/connect.ts';
import { ensureBaseImage } from '../../harness/engine/images/base.ts';
import { execIn } from '../../harness/engine/exec.ts';
import type { InstanceConfig } from '../../harness/instance/config.ts';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import { leftovers, startRun } from './support.ts';

// Each fault ends within a bounded time, with a message that names the cause and the fix, and
// leaves nothing behind.
describe('faults', () => {
  it('an engine that does not answer', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    try {
      await expect(connectEngine({ timeoutMs: 3_000 })).rejects.toThrow(/no Docker engine answers at unix:\/\/\/nonexistent.*\n  fix: start one/s);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it('a base image that can be neither found nor pulled', async () => {
    const docker = await connectEngine();
    process.env.ECS_SIM_BASE_IMAGE = 'ecs-sim-test/does-not-exist:1';
    try {
      await expect(ensureBaseImage(docker)).rejects.toThrow(/base image "ecs-sim-test\/does-not-exist:1" .* could not be pulled\n  fix: unset ECS_SIM_BASE_IMAGE/);
    } finally {
      delete process.env.ECS_SIM_BASE_IMAGE;
    }
  });

  /** A boot that must fail as `check` says, in a run that then leaves nothing behind. */
  async function bootFails(config: InstanceConfig, check: (boot: Promise<EcsInstance>) => Promise<void>): Promise<void> {
    const run = await startRun();
    try {
      await check(EcsInstance.boot(run, config));
    } finally {
      await run.close();
    }
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  }

  it('a nested dockerd that never becomes ready', () =>
    bootFails({ dockerdArgs: ['--no-such-flag'] }, (boot) => expect(boot).rejects.toThrow(/failed to boot at stage "dockerd exited: .*unknown flag: --no-such-flag/)));

  // issue 9 item 6: never an IPv4-only run whose IPv6 cells would read "blocked". Both
  // containers get the engine's refusal; whichever reports first names itself.
  it('instance.ipv6 on an engine that keeps IPv6 off in containers', () =>
    bootFails({ ipv6: true, ipv6Off: true }, async (boot) => {
      await expect(boot).rejects.toMatchObject({ code: 'IPV6_UNAVAILABLE', kind: 'environment' });
      await expect(boot).rejects.toThrow(/instance\.ipv6 is true, but the (aws-mocks|instance \S+) container cannot use IPv6: an IPv6 address on eth0 is refused \(.+\); net\.ipv6\.conf\.eth0\.disable_ipv6=1\n  fix: run on a kernel with IPv6 .* or set instance\.ipv6: false/);
    }));

  it('a boot that outlives its deadline', () =>
    bootFails({ everyBoot: ['sleep 30'], bootTimeoutMs: 4_000 }, (boot) => expect(boot).rejects.toThrow(/did not become ready within 4s; last boot stage "every-boot script 0"/)));

  it('an exec that hangs', async () => {
    const run = await startRun();
    try {
      const instance = await EcsInstance.boot(run);
      const started = Date.now();
      await expect(execIn(instance.container, ['sleep', '60'], { timeoutMs: 1_500 })).rejects.toThrow(/timed out after 1\.5s waiting for `sleep 60` in container/);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await run.close();
    }
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });
});
