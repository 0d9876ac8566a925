import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../../harness/scenario/suggest.ts';

describe('suggestions', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('exce', 'exec')).toBe(1);
    expect(editDistance('imdss', 'imds')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('finds likely typos, case-insensitively', () => {
    expect(nearest('ECS_CLUSTR', ['ECS_CLUSTER', 'ECS_LOGLEVEL'])).toBe('ECS_CLUSTER');
    expect(nearest('hoplimit', ['hopLimit', 'tokens'])).toBe('hopLimit');
    expect(nearest('stop_task', ['stop-task', 'run-task'])).toBe('stop-task');
  });

  it('suggests nothing for a word that is not close', () => {
    expect(nearest('sleep', ['expect', 'reboot', 'exec'])).toBeUndefined();
    expect(nearest('x', ['as'])).toBeUndefined();
  });
});
