import type Docker from 'dockerode';
import { EcsSimError, withTimeout } from '../errors.ts';
import { execIn } from '../engine/exec.ts';
import { ipv6UnavailableDetail, ipv6UnavailableError } from '../network/ipv6-unavailable.ts';
import { parseBootState, RESOLVED_CONFIG, waitBootStateScript } from './boot-state.ts';

const BOOT_FILES = ['stage', 'ready', 'failed', RESOLVED_CONFIG] as const;

/**
 * Waits until images/instance/boot.sh has written /run/ecs-sim/ready for this boot. A boot
 * stage that fails writes /run/ecs-sim/failed; a container that exits fails at once. Either
 * way the error quotes the stage and the last lines of the instance's output. Returns ecs-init's
 * resolved ecs.config as this boot's pre-start wrote it (before `ready`; /run starts empty at
 * each boot), read in the same exec.
 */
export async function waitForBoot(container: Docker.Container, name: string, boot: number, timeoutMs: number): Promise<string> {
  let stage = 'container start';
  const tail = async () => (await container.logs({ stdout: true, stderr: true, tail: 8 })).toString('utf8').replace(/[^\x20-\x7e\n]/g, '').trim();
  return await withTimeout(`instance ${name} to boot (last stage: see below)`, timeoutMs, async (signal): Promise<string> => {
    while (!signal.aborted) {
      const state = (await container.inspect()).State;
      if (!state.Running) {
        throw new EcsSimError('INSTANCE_BOOT_FAILED', `instance ${name} exited during boot (code ${state.ExitCode}) at stage "${stage}":\n${await tail()}`, {
          kind: 'environment',
          fix: 'run with DEBUG=ecs-sim:* and read the instance output above',
        });
      }
      // Waits inside the instance (up to 2 s) for this boot's ready or a failure: a boot is noticed within 50 ms.
      const r = await execIn(container, ['sh', '-c', waitBootStateScript(BOOT_FILES, 'ready', boot)], { timeoutMs: 10_000 }).catch(() => undefined);
      if (r) {
        const { stage: s, ready, failed, [RESOLVED_CONFIG]: resolved } = parseBootState(r.stdout, BOOT_FILES);
        stage = s || stage;
        if (failed) {
          const ipv6 = ipv6UnavailableDetail(failed);
          if (ipv6 !== undefined) throw ipv6UnavailableError(`instance ${name}`, ipv6);
          throw new EcsSimError('INSTANCE_BOOT_FAILED', `instance ${name} failed to boot at stage "${failed}":\n${await tail()}`, { kind: 'environment' });
        }
        if (ready && Number(ready) >= boot) return resolved;
        if (r.stdout !== '') continue;
      }
      // Not started yet (the exec failed, or boot.sh has not made its folder): a short pause.
      await new Promise((res) => setTimeout(res, 100));
    }
    return ''; // aborted: withTimeout has already rejected
  }).catch(async (err: unknown) => {
    if (err instanceof EcsSimError && err.code === 'TIMEOUT') {
      throw new EcsSimError('INSTANCE_BOOT_TIMEOUT', `instance ${name} did not become ready within ${timeoutMs / 1000}s; last boot stage "${stage}":\n${await tail()}`, {
        kind: 'environment',
        fix: 'a nested dockerd that never starts usually means the host refuses nested containers (overlay2, cgroups); read the stage above',
      });
    }
    throw err;
  });
}
