import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { withTimeout } from '../../harness/errors.ts';
import { imageTag } from '../../harness/engine/images/catalog.ts';
import { privilegeConfig } from '../../harness/instance/host-config.ts';
import { LABEL, newRunIdentity } from '../../harness/run/identity.ts';

const exec = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

/** The ecs-sim.run label values of every container on an engine. */
async function runLabels(docker: Docker): Promise<Set<string>> {
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [LABEL.run] }) });
  return new Set(containers.map((c) => c.Labels[LABEL.run]!));
}

/**
 * A second dockerd on this machine: Docker 26.1 from the instance image, in a container on the
 * main engine with the instance's capability set (--privileged is refused on some hosts:
 * harness/instance/host-config.ts) and no network at all, listening on a unix socket in a host
 * folder bind-mounted into it. The cgroup remount is boot.sh's step 0: read-only cgroups arrive
 * without --privileged, and a fresh mount in the container's own cgroup namespace is writable.
 */
const SECOND_DOCKERD = `
set -e
mount -o remount,rw /sys 2>/dev/null || true
if ! touch /sys/fs/cgroup/.rw 2>/dev/null || ! mkdir -p /sys/fs/cgroup/cpuset/.rw 2>/dev/null; then
  mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
  awk '$3 == "cgroup" || $3 == "cgroup2" {print $2, $3, $4}' /proc/mounts | while read -r m type opts; do
    case ",$opts," in *,rw,*) continue ;; esac
    keep=$(echo "$opts" | tr , '\\n' | grep -vE '^(ro|rw|nosuid|nodev|noexec|relatime)$' | paste -sd, -)
    umount "$m" && mount -t "$type" -o "rw,nosuid,nodev,noexec\${keep:+,$keep}" "$type" "$m"
  done
fi
rmdir /sys/fs/cgroup/cpuset/.rw 2>/dev/null || true; rm -f /sys/fs/cgroup/.rw 2>/dev/null || true
exec dockerd --host unix:///engine/docker.sock --data-root /var/lib/docker
`;

describe('a remote engine through DOCKER_HOST [slow]', () => {
  it('runs a scenario on a second dockerd, and the main engine gets none of it', async () => {
    const main = new Docker();
    const owner = newRunIdentity('tc2');
    const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-second-engine-'));
    const socket = join(dir, 'docker.sock');
    const name = `${owner.id}-second-engine`;
    const volume = `${owner.id}-second-engine-data`;
    try {
      await main.createVolume({ Name: volume, Labels: owner.labels });
      const container = await main.createContainer({
        name,
        Image: imageTag('instance', '26.1'),
        Entrypoint: ['sh', '-c', SECOND_DOCKERD],
        Labels: owner.labels,
        HostConfig: {
          ...privilegeConfig('capabilities'),
          NetworkMode: 'none',
          CgroupnsMode: 'private',
          Tmpfs: { '/run': 'rw,exec', '/tmp': 'rw,exec' },
          Mounts: [
            { Type: 'volume', Source: volume, Target: '/var/lib/docker' },
            { Type: 'bind', Source: dir, Target: '/engine' },
          ],
        } as Docker.HostConfig,
      });
      await container.start();
      const second = new Docker({ socketPath: socket });
      await withTimeout('the second dockerd to answer /_ping', 60_000, async (signal) => {
        while (!signal.aborted) {
          if (await second.ping().then(() => true, () => false)) return;
          await new Promise((r) => setTimeout(r, 200));
        }
      });

      // Building every image in the second engine bootstraps two Debian suites (minutes): the
      // images (and the bases their input hashes name) are loaded instead, by docker save | load.
      const images = ['instance', 'aws-mocks', 'probe', 'aws-client'].map((n) => imageTag(n as never));
      const bases = ['ecs-sim/base:bookworm', 'ecs-sim/base:trixie'];
      const tar = await (main as unknown as { getImages(o: object): Promise<NodeJS.ReadableStream> }).getImages({ names: [...images, ...bases] });
      const loaded = await second.loadImage(tar);
      await new Promise((ok, fail) => {
        loaded.on('end', ok).on('error', fail);
        loaded.resume();
      });

      const before = await runLabels(main);
      const env = { ...process.env, DOCKER_HOST: `unix://${socket}`, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' };
      const cli = (args: string[]) => exec(process.execPath, ['bin/ecs-sim.js', ...args], { cwd: ROOT, env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });

      const built = await cli(['images', 'build']);
      expect(built.stdout + built.stderr).not.toMatch(/Building image/);

      const report = join(dir, 'run.json');
      // It exits once the scenario is done, --keep or not (it once hung until this exec's limit: a
      // probe still running when --keep let go of the instance opened a new nested channel).
      const run = await cli(['run', 'scenarios/conformance/01-bridge-task-reaches-imds.yaml', '--keep', '--json', report]);
      expect(run.stdout, run.stderr).toMatch(/✔ bridge-task-reaches-imds: 0 wrong, 0 error, 0 ignored, \d+ correct/);

      // Kept, so that where its resources are can be seen: all on the second engine, none on the main one.
      const onSecond = await runLabels(second);
      expect(onSecond.size).toBe(1);
      const after = await runLabels(main);
      expect([...after].filter((id) => !before.has(id))).toEqual([]);
      expect(after.has([...onSecond][0]!)).toBe(false);
    } finally {
      await main.getContainer(name).remove({ force: true, v: true }).catch(() => {});
      await main.getVolume(volume).remove({ force: true }).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
    // The second engine went with its container; nothing of it stays on the main engine.
    expect(await runLabels(main)).not.toContain(owner.id);
  });
});
