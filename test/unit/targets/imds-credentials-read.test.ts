import { describe, expect, it } from 'vitest';
import type { HttpTarget } from '../../../harness/probes/http-target.ts';
import type { Outcome } from '../../../harness/probes/outcome.ts';
import { imdsCredentialsRead, TOKEN_GRACE_MS } from '../../../harness/targets/imds-request.ts';
import type { PlanContext } from '../../../harness/targets/target.ts';

type Answer = { outcome: Outcome; body?: string };
const allowed = (body: string): Answer => ({ outcome: { state: 'allowed', evidence: { summary: 'HTTP 200', status: 200, durationMs: 1 } }, body });
const blocked: Answer = { outcome: { state: 'blocked', evidence: { summary: 'timed out', errno: 'ETIMEDOUT', durationMs: 3000 } } };

/** A prober whose answers come after given delays (ms), recording when each request started. */
function fakeContext(answer: (t: HttpTarget) => { after: number; answer: Answer }) {
  const t0 = Date.now();
  const requests: Array<{ method: string; token?: string; at: number }> = [];
  const prober = {
    request: async (_from: unknown, t: HttpTarget) => {
      const token = t.headers?.['X-aws-ec2-metadata-token'];
      requests.push({ method: t.method, ...(token ? { token } : {}), at: Date.now() - t0 });
      const a = answer(t);
      await new Promise((r) => setTimeout(r, a.after));
      return a.answer;
    },
  };
  const ctx = { instance: { prober } } as unknown as PlanContext;
  return { ctx, requests };
}

describe('imds-credentials: token, then the read (issue 11 item 4)', () => {
  it('a token that comes: one read, with it', async () => {
    const { ctx, requests } = fakeContext((t) => ({ after: 10, answer: t.method === 'PUT' ? allowed('TOKEN\n') : allowed('{"Code":"Success"}') }));
    const r = await imdsCredentialsRead(ctx, { kind: 'instance' }, 'role', 'ipv4');
    expect(r.outcome.state).toBe('allowed');
    expect(requests.map((q) => [q.method, q.token])).toEqual([['PUT', undefined], ['GET', 'TOKEN']]);
  });

  it('a token that never comes: the tokenless read runs inside the same deadline, not after it', async () => {
    const deadline = 1_500;
    const { ctx, requests } = fakeContext((t) => (t.method === 'PUT' ? { after: deadline, answer: blocked } : { after: 10, answer: allowed('{"Code":"Success"}') }));
    const r = await imdsCredentialsRead(ctx, { kind: 'instance' }, 'role', 'ipv4');
    // IMDSv1 answered (the hop-limit case: the PUT's answer never arrives, a GET's does).
    expect(r.outcome.state).toBe('allowed');
    expect(requests.map((q) => [q.method, q.token])).toEqual([['PUT', undefined], ['GET', undefined]]);
    expect(requests[1]!.at).toBeLessThan(deadline);
    expect(requests[1]!.at).toBeGreaterThanOrEqual(TOKEN_GRACE_MS - 5);
  });

  it('a late token that does come is still used', async () => {
    const { ctx, requests } = fakeContext((t) => (t.method === 'PUT' ? { after: TOKEN_GRACE_MS + 200, answer: allowed('LATE') } : { after: 10, answer: t.headers?.['X-aws-ec2-metadata-token'] ? allowed('with token') : { outcome: { state: 'denied', evidence: { summary: 'HTTP 401', status: 401, durationMs: 1 } } } }));
    const r = await imdsCredentialsRead(ctx, { kind: 'instance' }, 'role', 'ipv4');
    expect(r.outcome.state).toBe('allowed');
    expect(requests.map((q) => [q.method, q.token])).toEqual([['PUT', undefined], ['GET', undefined], ['GET', 'LATE']]);
  });

  it('a tokenless read that got the credentials settles the cell without waiting out the token (the hop-limit case)', async () => {
    let tokenSettled = false;
    const { ctx } = fakeContext((t) => (t.method === 'PUT' ? { after: 1_500, answer: blocked } : { after: 10, answer: allowed('{"Code":"Success"}') }));
    const request = ctx.instance.prober.request.bind(ctx.instance.prober);
    (ctx.instance.prober as { request: typeof request }).request = async (from, t, d) => {
      const r = await request(from, t, d);
      if (t.method === 'PUT') tokenSettled = true;
      return r;
    };
    const r = await imdsCredentialsRead(ctx, { kind: 'instance' }, 'role', 'ipv4');
    expect(r.outcome.state).toBe('allowed');
    expect(tokenSettled).toBe(false);
  });

  it('a tokenless read refused (tokens required) still waits for the token, which may come late', async () => {
    const denied: Answer = { outcome: { state: 'denied', evidence: { summary: 'HTTP 401', status: 401, durationMs: 1 } } };
    const { ctx, requests } = fakeContext((t) => (t.method === 'PUT' ? { after: TOKEN_GRACE_MS + 300, answer: allowed('LATE') } : { after: 10, answer: t.headers?.['X-aws-ec2-metadata-token'] ? allowed('with token') : denied }));
    const r = await imdsCredentialsRead(ctx, { kind: 'instance' }, 'role', 'ipv4');
    expect(r.outcome.state).toBe('allowed');
    expect(requests.map((q) => q.token ?? '-')).toEqual(['-', '-', 'LATE']);
  });
});
