import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { BundleSource } from './bundle.ts';

/**
 * A live instance as a bundle's source. Docker multiplexes a non-TTY container's log into frames
 * (8-byte header: stream, 3 zero bytes, big-endian length; Docker Engine API, "Attach to a
 * container", stream format): the header is dropped, the text kept in order.
 */
export function bundleSource(instance: EcsInstance): BundleSource {
  return {
    name: instance.name,
    exec: (cmd, opts) => instance.exec(cmd, opts),
    tasks: instance.tasks.list().map((t) => ({ name: t.name, containerId: t.containerId })),
    mocksLog: async () => demux(await instance.mocks.container.logs({ stdout: true, stderr: true, timestamps: true })),
  };
}

export function demux(raw: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= raw.length && raw[at + 1] === 0 && raw[at + 2] === 0 && raw[at + 3] === 0) {
    const size = raw.readUInt32BE(at + 4);
    parts.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  if (at < raw.length) parts.push(raw.subarray(at));
  return Buffer.concat(parts).toString('utf8');
}
