/**
 * Parsing of the SigV4 `Authorization` header and the `x-amz-date` it is signed at:
 * `AWS4-HMAC-SHA256 Credential=<akid>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=a;b, Signature=<hex>`
 * (IAM User Guide, "Elements of an AWS API request signature"). The SDK joins the parts with `, `
 * (@smithy/signature-v4 `signRequest`), botocore with `, ` as well; older examples with `,`
 * only, so both are accepted.
 */

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The credential scope, `<date>/<region>/<service>/<terminator>`, split. */
export interface CredentialScope {
  date: string;
  region: string;
  service: string;
  terminator: string;
}

export interface SigV4Authorization {
  accessKeyId: string;
  scope: CredentialScope;
  /** Lower-case names, in the order sent. */
  signedHeaders: string[];
  signature: string;
}

export type AuthorizationParse = { ok: true; authorization: SigV4Authorization } | { ok: false; message: string };

/**
 * Missing parts are all reported at once, in the words AWS uses for them ("Authorization header
 * requires 'Credential' parameter.", IAM User Guide, "Troubleshoot signing of AWS API requests").
 */
export function parseAuthorization(header: string): AuthorizationParse {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  // Our wording: the AWS text for an unknown algorithm could not be confirmed.
  if (algorithm !== ALGORITHM) return { ok: false, message: `Unsupported AWS 'algorithm': '${algorithm}'. Only '${ALGORITHM}' is accepted.` };
  const parts = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => !parts.get(name));
  if (missing.length > 0) return { ok: false, message: missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ') };
  const credential = (parts.get('Credential') ?? '').split('/');
  const [accessKeyId, date, region, service, terminator] = credential;
  if (credential.length !== 5 || !accessKeyId || !date || !region || !service || !terminator) {
    return { ok: false, message: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.get('Credential')}'` };
  }
  return {
    ok: true,
    authorization: {
      accessKeyId,
      scope: { date, region, service, terminator },
      signedHeaders: (parts.get('SignedHeaders') ?? '').split(';').map((h) => h.trim().toLowerCase()),
      signature: parts.get('Signature') ?? '',
    },
  };
}

/** `20300101T000000Z` → that instant; undefined when it is not exactly that ISO 8601 basic form. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (m === null) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) || formatAmzDate(date) !== value ? undefined : date;
}

/** The inverse of parseAmzDate, as the error messages print times. */
export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
