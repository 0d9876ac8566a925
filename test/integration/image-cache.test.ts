import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFatImage } from '../../bench/fat-image.ts';
import { DEFAULT_ENGINE } from '../../harness/engine/images/engines.ts';
import { findImage, INPUTS_LABEL } from '../../harness/engine/images/inspect.ts';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import { useRun } from './support.ts';

describe('[slow] image cache: a task image enters the simulated engines once per run', () => {
  const run = useRun();
  const tag = `ecs-sim-test/image-cache:${randomBytes(4).toString('hex')}`;
  const inputs = randomBytes(8).toString('hex');
  let outerId = '';

  beforeAll(async () => {
    outerId = await buildFatImage(run().docker, tag, { megabytes: 24, layers: 2, labels: { ...run().labels('test-image'), [INPUTS_LABEL]: inputs } });
  });
  afterAll(async () => {
    await run().docker.getImage(tag).remove({ force: true }).catch(() => {});
  });

  it('loads it into the cache once; two instances get it from there, same image ID, and a task runs from it', async () => {
    // An instance that did not ask for it loads it when a task needs it, as before.
    const plain = await EcsInstance.boot(run());
    expect(await plain.ensureImage(tag)).toBe('loaded');
    expect(await plain.ensureImage(tag)).toBe('present');
    await plain.destroy();

    const [a, b] = [await EcsInstance.boot(run(), { images: [tag] }), await EcsInstance.boot(run(), { images: [tag] })];
    expect(await a.ensureImage(tag)).toBe('cached');
    expect(await b.ensureImage(tag)).toBe('cached');
    expect(run().imageCache.loads(DEFAULT_ENGINE).filter((t) => t === tag)).toEqual([tag]);

    const nested = await findImage(b.nested, tag);
    expect(nested?.Id).toBe(outerId);
    expect(nested?.Config?.Labels?.[INPUTS_LABEL]).toBe(inputs);

    const task = await b.tasks.start({ name: 'fat', containers: [{ name: 'app', image: tag, command: ['sleep', '600'] }] });
    const r = await b.exec(['docker', 'exec', task.containerId, 'sh', '-c', 'cat /data/part-0 /data/part-1 | wc -c']);
    expect(r.stdout.trim()).toBe(String(24 * 1024 * 1024));

    // The cache's layers are read-only for the instances, and a reboot keeps the seeded store.
    expect((await b.exec(['sh', '-c', 'touch /image-cache/x'])).exitCode).not.toBe(0);
    await a.reboot();
    expect(await a.ensureImage(tag)).toBe('cached');
    expect(run().imageCache.loads(DEFAULT_ENGINE).filter((t) => t === tag)).toEqual([tag]);
  });
});
