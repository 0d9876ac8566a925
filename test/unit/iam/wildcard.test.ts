import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../harness/iam/wildcard.ts';

describe('IAM wildcard matching', () => {
  it('matches * (any run, also none) and ? (one character)', () => {
    expect(globMatch('arn:aws:s3:::my-task-secrets-bucket/*', 'arn:aws:s3:::my-task-secrets-bucket/a/b.txt')).toBe(true);
    expect(globMatch('arn:aws:s3:::my-task-secrets-bucket/*', 'arn:aws:s3:::my-task-secrets-bucket/')).toBe(true);
    expect(globMatch('arn:aws:s3:::my-task-secrets-bucket/*', 'arn:aws:s3:::my-task-secrets-bucket')).toBe(false);
    expect(globMatch('a?c', 'abc')).toBe(true);
    expect(globMatch('a?c', 'ac')).toBe(false);
    expect(globMatch('*a*b*', 'xxaxxbxx')).toBe(true);
    expect(globMatch('*a*b*', 'xxbxxaxx')).toBe(false);
    expect(globMatch('ab*ba', 'aba')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('', '')).toBe(true);
    expect(globMatch('abc', 'abcd')).toBe(false);
  });

  it('is case-sensitive unless asked (actions are not)', () => {
    expect(globMatch('s3:Get*', 's3:getobject')).toBe(false);
    expect(globMatch('s3:Get*', 's3:getobject', { ignoreCase: true })).toBe(true);
  });

  it('never backtracks: star runs against long values are decided at once (issue 14)', () => {
    const long = 'a'.repeat(200_000);
    expect(globMatch('*******X', long)).toBe(false);
    expect(globMatch('********', long)).toBe(true);
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*b', long)).toBe(false);
    expect(globMatch('?'.repeat(50) + '*X', long)).toBe(false);
  });

  it('agrees with a reference matcher on many small cases', () => {
    const reference = (p: string, v: string): boolean => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(v);
    const alphabet = ['a', 'b', '*', '?'];
    const words = (n: number): string[] => (n === 0 ? [''] : words(n - 1).flatMap((w) => alphabet.map((c) => w + c)));
    const patterns = [0, 1, 2, 3, 4].flatMap(words);
    const values = [0, 1, 2, 3, 4].flatMap(words).filter((w) => !/[*?]/.test(w));
    for (const p of patterns) for (const v of values) expect(globMatch(p, v), `${p} ~ ${v}`).toBe(reference(p, v));
  });
});
