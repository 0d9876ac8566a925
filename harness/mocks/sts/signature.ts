import { createHash, createHmac } from 'node:crypto';
import { getCanonicalHeaders, SignatureV4Base, type SignatureV4CryptoInit } from '@smithy/signature-v4';
import { ALGORITHM, type CredentialScope } from './authorization.ts';

/**
 * Recomputes a SigV4 signature the way the AWS SDK computes it. The canonical request (path
 * normalisation and double escaping, query sorting and escaping, header trimming) is built by
 * @smithy/signature-v4 itself, the code that signs every SDK request; only the last, fixed steps
 * (string to sign, HMAC chain) are node:crypto, because the library's are async and a mock
 * handler is synchronous (http-types.ts `Handler`). A unit test checks that this agrees with the
 * library's own `SignatureV4.sign()`. Steps: IAM User Guide, "Create a signed AWS API request".
 */

/** The library's request shape, taken from its own signature so we import no internal types. */
type SmithyRequest = Parameters<typeof getCanonicalHeaders>[0];

/** SHA-256 (or, given a secret, HMAC-SHA-256) over node:crypto in the library's `Checksum` shape. */
export class NodeSha256 {
  readonly #secret: Uint8Array | string | undefined;
  #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret = secret === undefined || typeof secret === 'string' ? secret : bytes(secret);
    this.#hash = this.#fresh();
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(typeof data === 'string' ? data : bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
  reset(): void {
    this.#hash = this.#fresh();
  }
  #fresh() {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
}
const bytes = (data: ArrayBuffer | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
/** Typed as the library's `sha256` option, so the compiler checks NodeSha256 fits it. */
const nodeSha256: SignatureV4CryptoInit['sha256'] = NodeSha256;

/**
 * Exposes the library's canonical-request builder, protected on its (`@internal`) base class. An
 * SDK update that changes it is caught by test/unit/mocks/sts/sigv4.test.ts, which verifies what
 * the library's public signer signs.
 */
class CanonicalRequestBuilder extends SignatureV4Base {
  /** S3 alone signs its path as sent, escaped once (@aws-sdk/signature-v4-multi-region: `uriEscapePath: false` for s3). */
  constructor(service: string) {
    super({ service, region: 'unused', credentials: { accessKeyId: '', secretAccessKey: '' }, sha256: nodeSha256, uriEscapePath: service !== 's3' });
  }
  build(request: SmithyRequest, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }
}

/** What a signature covers, as the request arrived. */
export interface SignedRequestParts {
  method: string;
  /** Path as received, still percent-encoded (the SDK escapes it once more when signing). */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string | string[]>;
  /** Only the headers named in SignedHeaders, lower-case names. */
  headers: Record<string, string>;
  body: string;
  signedHeaders: string[];
  amzDate: string;
  scope: CredentialScope;
}

export function expectedSignature(parts: SignedRequestParts, secretAccessKey: string): string {
  const request: SmithyRequest = { method: parts.method, protocol: 'http:', hostname: parts.headers.host ?? '', path: parts.path, query: parts.query, headers: parts.headers };
  // signableHeaders: sign exactly what the client listed, even names the SDK would never sign itself.
  const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(parts.signedHeaders)) as Record<string, string>;
  // Always the hash of the body that arrived: a client's x-amz-content-sha256 is a signed header,
  // but trusting it as the payload hash would let a body be swapped under a valid signature.
  const payloadHash = createHash('sha256').update(parts.body, 'utf8').digest('hex');
  const canonical = new CanonicalRequestBuilder(parts.scope.service).build(request, canonicalHeaders, payloadHash);
  const { date, region, service, terminator } = parts.scope;
  const scope = `${date}/${region}/${service}/${terminator}`;
  const stringToSign = [ALGORITHM, parts.amzDate, scope, createHash('sha256').update(canonical, 'utf8').digest('hex')].join('\n');
  let key: Buffer = Buffer.from(`AWS4${secretAccessKey}`, 'utf8');
  for (const step of [date, region, service, terminator]) key = createHmac('sha256', key).update(step, 'utf8').digest();
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}
