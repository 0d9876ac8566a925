import { describe, expect, it } from 'vitest';
import { createThrottle, DEFAULT_RPS_LIMIT, parseRpsLimit } from '../../../harness/agent/throttle.ts';
import { afterMs, APP_ID, EXEC_ID, request, T0, testAgent } from './helpers.ts';

const admitted = (throttle: ReturnType<typeof createThrottle>, ip: string, path: string, now: Date, times: number) => {
  let count = 0;
  for (let i = 0; i < times; i++) if (throttle.admit(ip, path, now).state === 'admitted') count++;
  return count;
};

describe('token bucket', () => {
  it('admits the burst at once, then refuses', () => {
    const throttle = createThrottle(DEFAULT_RPS_LIMIT);
    expect(admitted(throttle, '10.0.0.1', '/v1/credentials', T0, 60)).toBe(60);
    expect(throttle.admit('10.0.0.1', '/v1/credentials', T0).state).toBe('throttled');
  });

  it('refills at the rate over injected time: one token per 25 ms at 40/s, never above the burst', () => {
    const throttle = createThrottle(DEFAULT_RPS_LIMIT);
    admitted(throttle, 'ip', '/p', T0, 60);
    expect(throttle.admit('ip', '/p', afterMs(24)).state).toBe('throttled');
    expect(throttle.admit('ip', '/p', afterMs(25)).state).toBe('admitted');
    expect(throttle.admit('ip', '/p', afterMs(25)).state).toBe('throttled');
    // A long idle period refills to the burst, not beyond.
    expect(admitted(throttle, 'ip', '/p', afterMs(60_000), 100)).toBe(60);
  });

  it('keeps one bucket per (ip, path): other IPs and other paths are unaffected', () => {
    const throttle = createThrottle({ rate: 1, burst: 2 });
    expect(admitted(throttle, 'a', '/v2/credentials/x', T0, 5)).toBe(2);
    expect(admitted(throttle, 'b', '/v2/credentials/x', T0, 5)).toBe(2);
    expect(admitted(throttle, 'a', '/v2/credentials/y', T0, 5)).toBe(2);
  });

  it('does not limit a request whose IP is unknown (tollbooth builds no key)', () => {
    const throttle = createThrottle({ rate: 1, burst: 1 });
    expect(admitted(throttle, '', '/p', T0, 10)).toBe(10);
  });

  it('a clock going backwards adds no tokens', () => {
    const throttle = createThrottle({ rate: 1, burst: 1 });
    expect(throttle.admit('ip', '/p', afterMs(10_000)).state).toBe('admitted');
    expect(throttle.admit('ip', '/p', T0).state).toBe('throttled');
    expect(throttle.admit('ip', '/p', afterMs(10_500)).state).toBe('throttled');
    expect(throttle.admit('ip', '/p', afterMs(11_000)).state).toBe('admitted');
  });
});

describe('ECS_TASK_METADATA_RPS_LIMIT', () => {
  it.each([
    ['100,150', { rate: 100, burst: 150 }],
    [' 5 , 7 ', { rate: 5, burst: 7 }],
  ])('%j parses', (text, limit) => {
    expect(parseRpsLimit(text)).toEqual({ ok: true, limit });
  });

  it('unset means the defaults, 40/s burst 60', () => {
    expect(parseRpsLimit(undefined)).toEqual({ ok: true, limit: { rate: 40, burst: 60 } });
  });

  it.each(['abc', '10', '1,2,3', '-10,10', '0,5', '1.5,3', ' ,10'])('%j falls back to the defaults, as the agent does', (text) => {
    const parsed = parseRpsLimit(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.limit).toEqual({ rate: 40, burst: 60 });
  });
});

describe('throttling on the credentials port', () => {
  it('answers 429 with tollbooth text once the burst is spent, audits it, and recovers with time', () => {
    const { agent, audit } = testAgent(undefined, { rpsLimit: { rate: 2, burst: 3 } });
    const path = `/v2/credentials/${APP_ID}`;
    const statuses = Array.from({ length: 4 }, () => agent.credentials(request(path), T0).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = agent.credentials(request(path), T0);
    expect(refused).toMatchObject({
      status: 429,
      body: 'You have reached maximum request limit.',
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-rate-limit-limit': '2.00' },
    });
    expect(audit.at(-1)).toBe('2030-01-01T00:00:00Z 429 172.17.0.5:40000 "/v2/credentials" "aws-sdk-js/3.0" - ');
    expect(agent.credentials(request(path), afterMs(499)).status).toBe(429);
    expect(agent.credentials(request(path), afterMs(500)).status).toBe(200);
  });

  it('a throttled client does not throttle another client, nor another ID', () => {
    const { agent } = testAgent(undefined, { rpsLimit: { rate: 1, burst: 1 } });
    const path = `/v2/credentials/${APP_ID}`;
    expect(agent.credentials(request(path), T0).status).toBe(200);
    expect(agent.credentials(request(path), T0).status).toBe(429);
    expect(agent.credentials(request(path, { remoteAddress: '172.17.0.6' }), T0).status).toBe(200);
    expect(agent.credentials(request(`/v2/credentials/${EXEC_ID}`), T0).status).toBe(200);
  });

  it('uses the default 40/s burst 60 when not configured', () => {
    const { agent } = testAgent();
    const statuses = Array.from({ length: 61 }, () => agent.credentials(request(`/v1/credentials?id=${APP_ID}`), T0).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.at(-1)).toBe(429);
  });

  it('all v1 IDs share one bucket per IP: the limit is on the path, which has no ID', () => {
    const { agent } = testAgent(undefined, { rpsLimit: { rate: 1, burst: 1 } });
    expect(agent.credentials(request(`/v1/credentials?id=${APP_ID}`), T0).status).toBe(200);
    expect(agent.credentials(request(`/v1/credentials?id=${EXEC_ID}`), T0).status).toBe(429);
  });
});
