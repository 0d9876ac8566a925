import type { MockResponse } from '../http-types.ts';
import { escapeXml } from '../sts/responses.ts';

/**
 * S3's REST answers: an object's bytes with `content-type`, `etag` and `last-modified`, or the
 * XML error document `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>`
 * with `x-amz-request-id` (Amazon S3 API Reference, "Error responses", REST error response).
 */
export type S3ErrorCode = 'AccessDenied' | 'InvalidAccessKeyId' | 'SignatureDoesNotMatch' | 'AuthorizationHeaderMalformed' | 'InvalidRequest' | 'MethodNotAllowed' | 'InternalError';

const STATUS: ReadonlyMap<S3ErrorCode, number> = new Map<S3ErrorCode, number>([
  ['AccessDenied', 403],
  ['InvalidAccessKeyId', 403],
  ['SignatureDoesNotMatch', 403],
  ['AuthorizationHeaderMalformed', 400],
  ['InvalidRequest', 400],
  ['MethodNotAllowed', 405],
  ['InternalError', 500],
]);

export function s3ErrorResponse(code: S3ErrorCode, message: string, requestId: string, now: Date, headers: Record<string, string> = {}): MockResponse {
  const body = ['<?xml version="1.0" encoding="UTF-8"?>', `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${escapeXml(requestId)}</RequestId></Error>`];
  return { status: STATUS.get(code) ?? 500, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId, date: now.toUTCString(), ...headers }, body: `${body.join('\n')}\n` };
}

export function s3ObjectResponse(body: string, requestId: string, now: Date, headers: Record<string, string> = {}): MockResponse {
  return {
    status: 200,
    headers: { 'content-type': 'text/plain', 'x-amz-request-id': requestId, etag: `"${requestId.replace(/-/g, '')}"`, 'last-modified': now.toUTCString(), date: now.toUTCString(), ...headers },
    body,
  };
}
