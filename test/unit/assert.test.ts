import { describe, expect, it } from 'vitest';
import { applyControl } from '../../harness/assert/controls.ts';
import { judge } from '../../harness/assert/judge.ts';
import type { Outcome } from '../../harness/probes/outcome.ts';

const o = (state: Outcome['state']): Outcome => ({ state, evidence: { summary: state, durationMs: 1 } });

describe('judge', () => {
  it('an error outcome is never a pass, whatever was expected', () => {
    expect(judge({ kind: 'blocked' }, o('error')).state).toBe('error');
    expect(judge({ kind: 'allowed' }, o('error')).state).toBe('error');
  });
  it('matches outcome states to verdicts', () => {
    expect(judge({ kind: 'blocked' }, o('blocked')).state).toBe('correct');
    expect(judge({ kind: 'blocked' }, o('allowed')).state).toBe('wrong');
    expect(judge({ kind: 'denied' }, o('denied')).state).toBe('correct');
  });
  it('leaked needs the canary, not just an answer', () => {
    expect(judge({ kind: 'leaked' }, o('allowed'), { leaked: false }).state).toBe('wrong');
    expect(judge({ kind: 'leaked' }, o('allowed'), { leaked: true }).state).toBe('correct');
    expect(judge({ kind: 'not-leaked' }, o('denied')).found).toBe('not-leaked');
  });
  it('identity compares the role', () => {
    expect(judge({ kind: 'identity', role: 'a' }, o('allowed'), { identity: 'b' }).state).toBe('wrong');
    expect(judge({ kind: 'identity', role: 'a' }, o('allowed'), { identity: 'a' }).state).toBe('correct');
  });
});

describe('positive controls', () => {
  it('turn blocked cells into errors when the target was not shown alive', () => {
    expect(applyControl(o('blocked'), o('blocked'), 'imds').state).toBe('error');
    expect(applyControl(o('blocked'), o('error'), 'imds').state).toBe('error');
  });
  it('leave cells alone when the control reached the target', () => {
    expect(applyControl(o('blocked'), o('allowed'), 'imds').state).toBe('blocked');
    expect(applyControl(o('allowed'), o('blocked'), 'imds').state).toBe('allowed');
  });
});

describe('positive controls for the IAM calls', () => {
  it('take a refusal from the mock as proof the target is alive, and nothing else', () => {
    const blocked: Outcome = { state: 'blocked', evidence: { summary: 'no answer', durationMs: 1 } };
    const denied: Outcome = { state: 'denied', evidence: { summary: 'AccessDenied', status: 403, durationMs: 1 } };
    const dead: Outcome = { state: 'blocked', evidence: { summary: 'no answer', durationMs: 1 } };
    expect(applyControl(blocked, denied, 's3-get-object:b/k', ['allowed', 'denied'])).toBe(blocked);
    expect(applyControl(blocked, denied, 'imds').state).toBe('error');
    expect(applyControl(blocked, dead, 's3-get-object:b/k', ['allowed', 'denied']).state).toBe('error');
  });
});
