import { splitPath, type MockRequest } from '../http-types.ts';

/**
 * The two ways a query-protocol request carries its parameters (`Action`, `Version`, …): the
 * query string, and for a POST a form body. The AWS SDK for JavaScript v3 (client-sts, awsQuery
 * protocol) and botocore both POST `Action=GetCallerIdentity&Version=2011-06-15` as
 * `application/x-www-form-urlencoded` (botocore adds `; charset=utf-8`); the STS API Reference's
 * GetCallerIdentity sample request is the same. test/unit/mocks/sts/wire-format.test.ts pins what
 * the SDK sends.
 */

/** Query parameters for the signature: decoded, repeated names kept as arrays, order of values kept. */
export function signatureQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // SigV4 signs a bare `name` as `name=` (IAM User Guide, "Create a canonical request").
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}

/**
 * The operation's parameters: the query string, then (for a form body) the body's, which win.
 * Form bodies use `+` for space (WHATWG URLSearchParams); a body of any other type is ignored,
 * so a JSON-protocol request finds no `Action` and is answered MissingAction.
 */
export function operationParams(req: MockRequest): URLSearchParams {
  const params = new URLSearchParams(splitPath(req.path).query);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(req.body)) params.set(name, value);
  }
  return params;
}

/** Percent-decoding as the signer encoded (RFC 3986: `+` is a literal plus); undecodable text stays as sent. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
