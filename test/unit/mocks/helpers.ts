import type { MockRequest, MockResponse } from '../../../harness/mocks/http-types.ts';
import type { Imds } from '../../../harness/mocks/imds/handler.ts';

/** A fixed clock for in-process tests: time moves only when a test says so. */
export const T0 = new Date('2030-01-01T00:00:00Z');
export const after = (seconds: number, from: Date = T0) => new Date(from.getTime() + seconds * 1000);

export function mockRequest(overrides: Partial<MockRequest> = {}): MockRequest {
  return { method: 'GET', path: '/', headers: {}, body: '', remoteAddress: '127.0.0.1', remotePort: 40000, ...overrides };
}

export function get(imds: Imds, path: string, headers: Record<string, string> = {}, now: Date = T0): MockResponse {
  return imds.handle(mockRequest({ method: 'GET', path, headers }), now);
}

/** PUTs for a token and fails loudly if none came back. */
export function token(imds: Imds, ttlSeconds = 60, now: Date = T0): string {
  const res = imds.handle(
    mockRequest({ method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttlSeconds) } }),
    now,
  );
  if (res.status !== 200) throw new Error(`token PUT answered ${res.status}`);
  return res.body;
}
