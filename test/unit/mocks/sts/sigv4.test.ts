import { describe, expect, it } from 'vitest';
import type { MockRequest } from '../../../../harness/mocks/http-types.ts';
import type { HeldCredentials, IdentityRegistry } from '../../../../harness/mocks/sts/identities.ts';
import { verifySigV4 } from '../../../../harness/mocks/sts/sigv4.ts';
import { after, mockRequest, T0 } from '../helpers.ts';
import { signed, type ToSign } from './sign.ts';

/**
 * The verifier against @smithy/signature-v4's own async signer (the one every SDK request goes
 * through), in-process with a fixed clock: whatever the library signs, the verifier must accept,
 * and any change to a signed part must be refused.
 */
const IDENTITY = { arn: 'arn:aws:sts::123456789012:assumed-role/app/t', userId: 'ECSSIMROLE-app:t', account: '123456789012' };
const TEMPORARY: HeldCredentials = { secretAccessKey: 'secret-temp', sessionToken: 'token-temp', identity: IDENTITY };
const LONG_TERM: HeldCredentials = { secretAccessKey: 'secret-long', identity: { ...IDENTITY, arn: 'arn:aws:iam::123456789012:user/u' } };
const registry: IdentityRegistry = (key) =>
  key === 'KEY-TEMP' ? { state: 'found', credentials: TEMPORARY } : key === 'KEY-LONG' ? { state: 'found', credentials: LONG_TERM } : { state: 'unknown' };

const verify = (req: MockRequest, now: Date = T0) => verifySigV4(req, now, registry);

describe('verifySigV4 accepts what the library signs', () => {
  it.each<[string, ToSign]>([
    ['a form POST', {}],
    ['a GET with repeated and escaped query parameters', { method: 'GET', body: '', query: { Action: 'GetCallerIdentity', 'a key': ['y+z', 'x y'], e: "!'()*~" } }],
    ['an encoded path with dot segments', { path: '/a%20b/./c/../d' }],
    ['a signed user-agent (botocore once signed it: STS API Reference sample request) and a padded value', { headers: { 'user-agent': 'aws-cli/1.10.0  botocore/1.3.22', 'x-extra': '  padded   value ' }, signable: ['user-agent'] }],
    ['another region', { region: 'eu-west-3' }],
    ['long-term credentials without a token', { key: 'KEY-LONG', secret: 'secret-long', token: '' }],
  ])('%s', async (_name, o) => {
    const check = verify(await signed(o));
    expect(check).toMatchObject({ state: 'valid', identity: o.key === 'KEY-LONG' ? LONG_TERM.identity : IDENTITY });
  });
});

describe('verifySigV4 refuses', () => {
  it('any change to a signed part: body, signed header, path, query, method', async () => {
    const base = await signed({ method: 'POST', query: { q: '1' }, headers: { 'x-extra': 'a' } });
    const variants: Partial<MockRequest>[] = [
      { body: 'Action=GetCallerIdentity&Version=2011-06-16' },
      { headers: { ...base.headers, 'x-extra': 'b' } },
      { path: '/other?q=1' },
      { path: '/?q=2' },
      { method: 'PUT' },
      { headers: { ...base.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    ];
    for (const v of variants) expect(verify({ ...base, ...v })).toMatchObject({ state: 'invalid', code: 'SignatureDoesNotMatch' });
    // An unsigned header may change freely.
    expect(verify({ ...base, headers: { ...base.headers, 'x-unsigned': 'anything' } }).state).toBe('valid');
  });

  it('a change to a header signed only because the client listed it', async () => {
    const base = await signed({ headers: { 'user-agent': 'aws-cli/1.10.0' }, signable: ['user-agent'] });
    expect(base.headers.authorization).toContain('user-agent');
    expect(verify({ ...base, headers: { ...base.headers, 'user-agent': 'curl/8' } })).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('a body swapped under a truthful-looking x-amz-content-sha256', async () => {
    const base = await signed({ headers: { 'x-amz-content-sha256': 'ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843' } });
    expect(verify(base).state).toBe('valid');
    expect(verify({ ...base, body: 'Action=AssumeRole&Version=2011-06-15' })).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('a missing Authorization header with MissingAuthenticationToken', () => {
    expect(verify(mockRequest({ method: 'POST' }))).toEqual({ state: 'invalid', code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
  });

  it('a malformed header with IncompleteSignature, naming every missing part', async () => {
    const base = await signed();
    expect(verify({ ...base, headers: { ...base.headers, authorization: 'AWS4-HMAC-SHA256 Credential=KEY-TEMP/20300101/us-east-1/sts/aws4_request' } })).toEqual({
      state: 'invalid',
      code: 'IncompleteSignature',
      message: "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
    });
    expect(verify({ ...base, headers: { ...base.headers, authorization: 'Bearer abc' } })).toMatchObject({ code: 'IncompleteSignature' });
    const { 'x-amz-date': _date, ...undated } = base.headers;
    expect(verify({ ...base, headers: undated })).toMatchObject({ code: 'IncompleteSignature' });
  });

  it('a scope for another service or date, listing each problem', async () => {
    expect(verify(await signed({ service: 's3' }))).toEqual({ state: 'invalid', code: 'SignatureDoesNotMatch', message: "Credential should be scoped to correct service: 'sts'." });
    const base = await signed();
    const auth = base.headers.authorization?.replace('/20300101/', '/20291231/') ?? '';
    expect(verify({ ...base, headers: { ...base.headers, authorization: auth } })).toMatchObject({ message: expect.stringMatching(/^Date in Credential scope does not match/) });
  });

  it('an unknown key, a missing, wrong or unexpected token with InvalidClientTokenId', async () => {
    expect(verify(await signed({ key: 'KEY-NONE' }))).toMatchObject({ code: 'InvalidClientTokenId' });
    expect(verify(await signed({ token: '' }))).toMatchObject({ code: 'InvalidClientTokenId' });
    expect(verify(await signed({ token: 'token-other' }))).toMatchObject({ code: 'InvalidClientTokenId' });
    expect(verify(await signed({ key: 'KEY-LONG', secret: 'secret-long', token: 'token-any' }))).toMatchObject({ code: 'InvalidClientTokenId' });
  });

  it('a request signed more than 15 minutes from the mock clock, and no sooner', async () => {
    const req = await signed({ at: T0 });
    expect(verify(req, after(15 * 60)).state).toBe('valid');
    expect(verify(req, after(-15 * 60)).state).toBe('valid');
    expect(verify(req, after(15 * 60 + 1))).toEqual({
      state: 'invalid',
      code: 'SignatureDoesNotMatch',
      message: 'Signature expired: 20300101T000000Z is now earlier than 20300101T000001Z (20300101T001501Z - 15 min.)',
    });
    expect(verify(req, after(-15 * 60 - 1))).toEqual({
      state: 'invalid',
      code: 'SignatureDoesNotMatch',
      message: 'Signature not yet current: 20300101T000000Z is still later than 20291231T235959Z (20291231T234459Z + 15 min.)',
    });
  });

  it('everything but known keys with InternalFailure while the identities file is broken', async () => {
    const broken: IdentityRegistry = () => ({ state: 'unavailable', errors: ['identities.json: not JSON'] });
    expect(verifySigV4(await signed(), T0, broken)).toMatchObject({ state: 'invalid', code: 'InternalFailure', message: expect.stringContaining('not JSON') });
  });
});
