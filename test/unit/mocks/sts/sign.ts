import { SignatureV4 } from '@smithy/signature-v4';
import type { MockRequest } from '../../../../harness/mocks/http-types.ts';
import { NodeSha256 } from '../../../../harness/mocks/sts/signature.ts';
import { mockRequest, T0 } from '../helpers.ts';

/**
 * Requests signed in-process by @smithy/signature-v4's own async signer, the one every SDK request
 * goes through, shaped as the mock server hands them to a handler. Defaults: key `KEY-TEMP`,
 * secret `secret-temp`, token `token-temp` (`token: ''` signs without one), us-east-1, sts, T0.
 */
/** RFC 3986 escaping, as the SDK's query builder writes a query on the wire. */
const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface ToSign {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  key?: string;
  secret?: string;
  token?: string;
  at?: Date;
  region?: string;
  service?: string;
  /** Names to sign even though the SDK never would (e.g. `user-agent`, as botocore once did). */
  signable?: string[];
}

/** Signs with the library and turns the result into the request the mock server would hand a handler. */
export async function signed(o: ToSign = {}): Promise<MockRequest> {
  const signer = new SignatureV4({
    service: o.service ?? 'sts',
    region: o.region ?? 'us-east-1',
    sha256: NodeSha256,
    credentials: { accessKeyId: o.key ?? 'KEY-TEMP', secretAccessKey: o.secret ?? 'secret-temp', ...(o.token === '' ? {} : { sessionToken: o.token ?? 'token-temp' }) },
  });
  const body = o.body ?? 'Action=GetCallerIdentity&Version=2011-06-15';
  const headers = { host: 'sts.ecs-sim.test:8080', 'content-type': 'application/x-www-form-urlencoded', ...o.headers };
  const query = o.query ?? {};
  const out = await signer.sign({ method: o.method ?? 'POST', protocol: 'http:', hostname: 'sts.ecs-sim.test', path: o.path ?? '/', query, headers, body }, { signingDate: o.at ?? T0, ...(o.signable === undefined ? {} : { signableHeaders: new Set(o.signable) }) });
  const wireQuery = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${escape(k)}=${escape(x)}`)).join('&');
  const lower = Object.fromEntries(Object.entries(out.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return mockRequest({ method: out.method, path: `${out.path}${wireQuery ? `?${wireQuery}` : ''}`, headers: lower, body });
}

