import { describe, expect, it } from 'vitest';
import { redactCredentialIds, requestLogLine } from '../../../harness/agent/request-log.ts';
import { APP_ID } from './helpers.ts';

describe('request log redaction', () => {
  it.each([
    [`/v2/credentials/${APP_ID}`, '/v2/credentials/REDACTED'],
    [`/v2/credentials/${APP_ID}/more?x=1`, '/v2/credentials/REDACTED?x=1'],
    [`/v1/credentials?id=${APP_ID}`, '/v1/credentials?id=REDACTED'],
    [`/v1/credentials?x=1&id=${APP_ID}&id=other`, '/v1/credentials?x=1&id=REDACTED&id=REDACTED'],
    [`/v1/credentials?%69d=${APP_ID}`, '/v1/credentials?%69d=REDACTED'],
    [`/v2/%63redentials/${APP_ID}`, '/v2/credentials/REDACTED'],
    [`//v2/credentials/${APP_ID}`, '//v2/credentials/REDACTED'],
    [`/anything?a;id=${APP_ID}`, '/anything?a;id=REDACTED'],
    // Never reaches a handler (Go answers 400), but may still hold an ID.
    [`/v2/credentials/%zz${APP_ID}`, '/v2/credentials/REDACTED'],
  ])('%s → %s', (path, expected) => {
    expect(redactCredentialIds(path)).toBe(expected);
  });

  it.each(['/v2/credentials', '/v1/credentials?idx=1&xid=2', '/v1/metadata', '/latest/meta-data/'])('leaves %s alone', (path) => {
    expect(redactCredentialIds(path)).toBe(path);
  });

  it('writes one JSON line with the service and no ID in it', () => {
    const line = requestLogLine('agent-credentials', {
      time: '2030-01-01T00:00:00.000Z',
      remote: '172.17.0.5:40000',
      method: 'GET',
      path: `/v2/credentials/${APP_ID}`,
      status: 200,
      userAgent: 'curl/8',
    });
    expect(line.endsWith('\n')).toBe(true);
    expect(line).not.toContain(APP_ID);
    expect(JSON.parse(line)).toEqual({
      service: 'agent-credentials',
      time: '2030-01-01T00:00:00.000Z',
      remote: '172.17.0.5:40000',
      method: 'GET',
      path: '/v2/credentials/REDACTED',
      status: 200,
      userAgent: 'curl/8',
    });
  });
});
