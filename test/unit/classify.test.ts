import { describe, expect, it } from 'vitest';
import { classify } from '../../harness/probes/classify.ts';

const run = (stdout: string, exitCode = 0, stderr = '', durationMs = 5) => ({ stdout, stderr, exitCode, durationMs, deadlineMs: 3000 });
const answer = (status: number, nonce?: string) =>
  `HTTP/1.1 ${status} X\r\nContent-Type: text/plain\r\n${nonce ? `X-Ecs-Sim-Nonce: ${nonce}\r\n` : ''}\r\nsecret-body`;

describe('classify', () => {
  it('an answer with the nonce: 2xx allowed, 4xx denied, 5xx error', () => {
    expect(classify(run(answer(200, 'n1')), 'n1').state).toBe('allowed');
    expect(classify(run(answer(401, 'n1')), 'n1').state).toBe('denied');
    expect(classify(run(answer(500, 'n1')), 'n1').state).toBe('error');
  });
  it('an answer without this run\'s nonce is an error, its content redacted', () => {
    for (const nonce of [undefined, 'other']) {
      const out = classify(run(answer(200, nonce)), 'n1');
      expect(out.state).toBe('error');
      expect(JSON.stringify(out)).not.toContain('secret-body');
    }
  });
  it('a probe killed at its deadline is blocked by timeout', () => {
    const out = classify(run('', 137, '', 3012), 'n1');
    expect(out).toMatchObject({ state: 'blocked', evidence: { errno: 'ETIMEDOUT', summary: 'no answer within 3s' } });
  });
  it('a probe killed before its deadline is an error: the kill proves nothing about the network (issue 11 item 7)', () => {
    for (const code of [124, 137, 143]) {
      const out = classify(run('', code, '', 800), 'n1');
      expect(out.state).toBe('error');
      expect(out.evidence.summary).toMatch(/killed \(exit \d+\) after 0\.8s, before its 3s deadline: not a timeout/);
    }
  });
  it('maps nc complaints to errno', () => {
    expect(classify(run('', 1, 'nc: can\'t connect to remote host (1.2.3.4): Connection refused'), 'n').evidence.errno).toBe('ECONNREFUSED');
    expect(classify(run('', 1, 'nc: can\'t connect to remote host (1.2.3.4): Network is unreachable'), 'n').evidence.errno).toBe('ENETUNREACH');
  });
  it('anything else is the probe breaking, not isolation', () => {
    expect(classify(run('', 127, 'sh: nc: not found'), 'n').state).toBe('error');
    expect(classify(run('garbage', 0), 'n').state).toBe('error');
  });
});
