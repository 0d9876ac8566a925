import type { Handler, MockRequest, MockResponse } from '../http-types.ts';
import type { ImdsTokenMode } from './config.ts';
import { imdsError } from './pages.ts';
import type { ImdsState, TokenCheck } from './state.ts';

/** IMDSv2 session tokens (ECS-FACTS.md, IMDS; reference: aws/amazon-ec2-metadata-mock `pkg/mock/imdsv2/`). */
export const TOKEN_PATH = '/latest/api/token';
export const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
export const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
/** 6 hours, the largest TTL IMDS grants (tokengenerator.go `maxTTL`). */
export const MAX_TTL_SECONDS = 21_600;

export type TtlParse = { ok: true; seconds: number } | { ok: false; reason: string };

/**
 * The TTL header must be an integer in 1..21600 (tokengenerator.go `extractValidTTL`). The
 * reference parses with Go's `strconv.Atoi`, which also takes `+60`; we accept digits only, since
 * no client sends a sign and a stricter mock cannot make a real client pass that would fail on EC2.
 */
export function parseTtl(raw: string | undefined): TtlParse {
  if (raw === undefined || raw === '') return { ok: false, reason: `missing ${TTL_HEADER}` };
  if (!/^\d{1,6}$/.test(raw)) return { ok: false, reason: `${TTL_HEADER} is not an integer: ${raw}` };
  const seconds = Number(raw);
  if (seconds < 1 || seconds > MAX_TTL_SECONDS) {
    return { ok: false, reason: `${TTL_HEADER} ${seconds} is outside 1..${MAX_TTL_SECONDS}` };
  }
  return { ok: true, seconds };
}

/**
 * `PUT /latest/api/token`. A PUT carrying `X-Forwarded-For` is refused with 403: AWS's IMDSv2
 * description says IMDS will not issue a token to a request that went through a proxy
 * (ECS-FACTS.md, IMDS). The status is our choice; the reference mock has no such check (ECS-FACTS.md).
 */
export function issueToken(req: MockRequest, now: Date, state: ImdsState): MockResponse {
  if (req.headers['x-forwarded-for'] !== undefined) return imdsError('forbidden');
  const ttl = parseTtl(req.headers[TTL_HEADER]);
  if (!ttl.ok) return imdsError('bad-request');
  const token = state.tokens.issue(ttl.seconds, now);
  // The response echoes the granted TTL in the same header (tokengenerator.go).
  return { status: 200, headers: { 'content-type': 'text/plain', [TTL_HEADER]: String(ttl.seconds) }, body: token };
}

/**
 * Whether a GET may proceed, given the token mode and what its token turned out to be.
 * - required: only a valid token passes; missing, unknown or expired is 401. Sources: the
 *   reference's `pkg/mock/imdsv2/tokenvalidator.go`, and the EC2 guide ("When token usage is set
 *   to required, requests without a valid token or with an expired token receive a 401",
 *   configuring-instance-metadata-service.html, as quoted in JuliaCloud/AWS.jl#736).
 * - optional: no token passes (IMDSv1), a valid one passes, and a token that is present but
 *   unknown or expired is still 401. NOT confirmed from a primary source: the reference mock skips
 *   validation entirely in optional mode (`pkg/mock/static/static.go` registers the bare handler),
 *   and the AWS texts we found only speak of the required mode. We chose 401 because SDKs treat a
 *   401 as "fetch a new token" (awslabs/aws-c-auth#217), so a stale token never silently falls
 *   back to v1 here; a unit test pins the choice.
 */
export function tokenAdmits(mode: ImdsTokenMode, check: TokenCheck): boolean {
  switch (check.state) {
    case 'valid':
      return true;
    case 'absent':
      return mode === 'optional';
    case 'expired':
    case 'unknown':
      return false;
  }
}

/** Token checking as middleware around a plain route handler (the reference's `ValidateToken` wrapper). */
export function withTokenCheck(mode: ImdsTokenMode, state: ImdsState, inner: Handler): Handler {
  return (req, now) => {
    const check = state.tokens.check(req.headers[TOKEN_HEADER], now);
    return tokenAdmits(mode, check) ? inner(req, now) : imdsError('unauthorized');
  };
}
