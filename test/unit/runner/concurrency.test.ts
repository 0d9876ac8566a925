import { describe, expect, it } from 'vitest';
import { defaultConcurrency } from '../../../harness/runner/concurrency.ts';

const GiB = 1024 ** 3;

describe('the default concurrency (issue 11 item 6)', () => {
  it('is one scenario per core', () => {
    expect(defaultConcurrency({ cores: 2, freeBytes: 20 * GiB }).value).toBe(2);
    expect(defaultConcurrency({ cores: 3, freeBytes: 20 * GiB }).value).toBe(3);
  });
  it('at most one per GiB of free memory, and never none', () => {
    expect(defaultConcurrency({ cores: 8, freeBytes: 2.5 * GiB }).value).toBe(2);
    expect(defaultConcurrency({ cores: 8, freeBytes: 0.3 * GiB }).value).toBe(1);
    expect(defaultConcurrency({ cores: 1, freeBytes: 20 * GiB }).value).toBe(1);
  });
  it('at most 4, whatever the machine, and says why', () => {
    expect(defaultConcurrency({ cores: 64, freeBytes: 256 * GiB })).toEqual({ value: 4, why: '64 core(s), 256.0 GiB free; at most 4' });
  });
});
