import { describe, expect, it } from 'vitest';
import { CleanupErrors } from '../../harness/errors.ts';
import { Teardown } from '../../harness/run/teardown.ts';

describe('teardown', () => {
  it('runs every step in reverse order, even after failures, and reports them all', async () => {
    const order: string[] = [];
    const t = new Teardown();
    t.defer('first', async () => void order.push('first'));
    t.defer('second', async () => {
      order.push('second');
      throw new Error('boom');
    });
    t.defer('third', async () => void order.push('third'));
    const err = await t.run().catch((e: unknown) => e);
    expect(order).toEqual(['third', 'second', 'first']);
    expect(err).toBeInstanceOf(CleanupErrors);
    expect((err as Error).message).toContain('second: boom');
  });

  it('works with `await using` on Node 20 (the toolchain lowers it)', async () => {
    const order: string[] = [];
    {
      await using res = { [Symbol.asyncDispose]: async () => void order.push('disposed') };
      order.push(typeof res);
    }
    expect(order).toEqual(['object', 'disposed']);
  });
});
