import type { MockRequest, MockResponse } from '../mocks/http-types.ts';

/**
 * The task metadata server's rate limiter: didip/tollbooth v4 around the whole credentials port
 * (ecs-agent/tmds/server.go `setup`). Tollbooth keys a golang.org/x/time/rate token bucket by
 * `<client IP>|<URL path>` (tollbooth.go `BuildKeys`, default branch), so every v2 credentials ID
 * has a bucket of its own, while all v1 requests from one IP share `/v1/credentials`.
 */

/** Steady rate (tokens per second) and bucket size. Default 40/s, burst 60 (agent/config `DefaultTaskMetadataSteadyStateRate`, `...BurstRate`). */
export interface RpsLimit {
  rate: number;
  burst: number;
}

export const DEFAULT_RPS_LIMIT: RpsLimit = Object.freeze({ rate: 40, burst: 60 });

/** Tollbooth's defaults (limiter.go `New`): status 429, this text, this content type. */
export const THROTTLED_BODY = 'You have reached maximum request limit.';

export type RpsLimitParse = { ok: true; limit: RpsLimit } | { ok: false; reason: string; limit: RpsLimit };

/**
 * `ECS_TASK_METADATA_RPS_LIMIT="rate,burst"` as the agent reads it (agent/config/parse.go
 * `parseTaskMetadataThrottles`: two comma-separated integers, spaces trimmed). Like the agent, a
 * bad or non-positive value falls back to the defaults; `ok: false` says why.
 */
export function parseRpsLimit(text: string | undefined): RpsLimitParse {
  if (text === undefined || text === '') return { ok: true, limit: DEFAULT_RPS_LIMIT };
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length !== 2 || !parts.every((part) => /^[+-]?\d+$/.test(part))) {
    return { ok: false, reason: `expected "rateLimit,burst" integers, got ${JSON.stringify(text)}`, limit: DEFAULT_RPS_LIMIT };
  }
  const [rate, burst] = parts.map(Number) as [number, number];
  if (rate <= 0 || burst <= 0) return { ok: false, reason: `rate and burst must be positive, got ${text}`, limit: DEFAULT_RPS_LIMIT };
  return { ok: true, limit: { rate, burst } };
}

export type ThrottleDecision = { state: 'admitted' } | { state: 'throttled' };

export interface Throttle {
  /** Takes one token from the (ip, path) bucket at `now`, if there is one. */
  admit(ip: string, path: string, now: Date): ThrottleDecision;
}

/** More buckets than this and full ones are dropped (a full bucket is the same as a new one). */
const PRUNE_ABOVE = 10_000;
/**
 * Hard bound, reached only by a flood of distinct paths within a refill period: the oldest
 * buckets go. Tollbooth keeps them for ten years; the difference cannot matter to a probe.
 */
const MAX_BUCKETS = 100_000;

/**
 * x/time/rate semantics: a bucket starts full; it refills continuously at `rate` per second up to
 * `burst`; a request takes one token or, when less than one is left, is refused without taking
 * any. Time only moves when `now` does (a clock going backwards adds nothing). Tollbooth does not
 * limit a request whose IP it cannot tell (`BuildKeys` returns no keys), nor do we.
 */
export function createThrottle(limit: RpsLimit): Throttle {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (bucket: { tokens: number; at: number }, t: number) =>
    Math.min(limit.burst, bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * limit.rate);
  return {
    admit(ip, path, now) {
      if (ip === '') return { state: 'admitted' };
      const t = now.getTime();
      const key = `${ip}|${path}`;
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
      const tokens = level(bucket, t);
      if (tokens < 1) return { state: 'throttled' };
      buckets.set(key, { tokens: tokens - 1, at: Math.max(t, bucket.at) });
      if (buckets.size > PRUNE_ABOVE) for (const [k, b] of buckets) if (level(b, t) >= limit.burst) buckets.delete(k);
      for (const k of buckets.keys()) {
        if (buckets.size <= MAX_BUCKETS) break;
        buckets.delete(k);
      }
      return { state: 'admitted' };
    },
  };
}

/**
 * Headers tollbooth v4 sets on every response of the port, throttled or not (tollbooth.go
 * `setResponseHeaders`): the limit as Go's `%.2f`, a 1-second duration, the client's
 * X-Forwarded-For (empty when absent) and `r.RemoteAddr`.
 */
export function rateLimitHeaders(limit: RpsLimit, req: MockRequest, remote: string): Record<string, string> {
  return {
    'x-rate-limit-limit': limit.rate.toFixed(2),
    'x-rate-limit-duration': '1',
    'x-rate-limit-request-forwarded-for': req.headers['x-forwarded-for'] ?? '',
    'x-rate-limit-request-remote-addr': remote,
  };
}

/** Tollbooth's answer once the limit is reached. */
export function throttledResponse(headers: Record<string, string>): MockResponse {
  return { status: 429, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: THROTTLED_BODY };
}
