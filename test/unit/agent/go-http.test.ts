import { describe, expect, it } from 'vitest';
import { cleanPath, goJson, rfc3339, urlPath } from '../../../harness/agent/go-http.ts';

describe('Go fidelity helpers', () => {
  it('goJson escapes <, >, &, U+2028 and U+2029 as encoding/json does', () => {
    expect(goJson({ a: '<b>&\u2028\u2029' })).toBe('{"a":"\\u003cb\\u003e\\u0026\\u2028\\u2029"}');
    expect(JSON.parse(goJson({ a: '<b>&' }))).toEqual({ a: '<b>&' });
  });

  it.each([
    ['/v1/credentials', '/v1/credentials'],
    ['//v2/credentials/x', '/v2/credentials/x'],
    ['/v2/./credentials/x/', '/v2/credentials/x/'],
    ['/a/../v1/credentials', '/v1/credentials'],
    ['/..', '/'],
    ['', '/'],
    ['v1/credentials', '/v1/credentials'],
  ])('cleanPath(%j) = %j, as gorilla/mux cleans', (path, cleaned) => {
    expect(cleanPath(path)).toBe(cleaned);
  });

  it('urlPath decodes the path, keeps the raw query, and refuses a bad escape', () => {
    expect(urlPath('/v2/%63redentials/a%20b?id=%41')).toEqual({ ok: true, path: '/v2/credentials/a b', query: 'id=%41' });
    expect(urlPath('http://169.254.170.2/v1/credentials?id=x')).toEqual({ ok: true, path: '/v1/credentials', query: 'id=x' });
    expect(urlPath('/%zz')).toEqual({ ok: false });
  });

  it('rfc3339 writes UTC to the second', () => {
    expect(rfc3339(new Date('2030-06-01T12:34:56.789Z'))).toBe('2030-06-01T12:34:56Z');
  });
});
