import type Docker from 'dockerode';
import { imageTag } from '../harness/engine/images/catalog.ts';

/**
 * Builds on the host engine a big task image for the image-cache test and bench: the probe image
 * (busybox) plus `megabytes` of random data (incompressible, as real layers mostly are) in
 * `layers` layers, each a container run with no network and committed. The containers carry
 * `labels` and are removed; the image carries them too, and the caller removes it.
 */
export async function buildFatImage(docker: Docker, tag: string, opts: { megabytes: number; layers: number; labels: Record<string, string> }): Promise<string> {
  const [repo, version = 'latest'] = tag.split(':') as [string, string?];
  let from = imageTag('probe');
  const per = Math.ceil(opts.megabytes / opts.layers);
  for (let i = 0; i < opts.layers; i++) {
    const c = await docker.createContainer({
      Image: from,
      Cmd: ['sh', '-c', `mkdir -p /data && dd if=/dev/urandom of=/data/part-${i} bs=1M count=${per} 2>/dev/null`],
      Env: ['AWS_EC2_METADATA_DISABLED=true'],
      Labels: opts.labels,
      HostConfig: { NetworkMode: 'none' },
    });
    try {
      await c.start();
      const { StatusCode } = (await c.wait()) as { StatusCode: number };
      if (StatusCode !== 0) throw new Error(`building ${tag}: layer ${i} exited ${StatusCode}`);
      await c.commit({ repo, tag: version, changes: 'CMD ["sh"]' });
    } finally {
      await c.remove({ force: true });
    }
    from = tag;
  }
  return (await docker.getImage(tag).inspect()).Id;
}
