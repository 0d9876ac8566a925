import { describe, expect, it } from 'vitest';
import { defaultImdsConfig, resolveImdsConfig } from '../../../harness/mocks/imds/config.ts';
import { createImds } from '../../../harness/mocks/imds/handler.ts';
import { parseTtl } from '../../../harness/mocks/imds/token.ts';
import { after, get, mockRequest, T0, token } from './helpers.ts';

const TTL = 'x-aws-ec2-metadata-token-ttl-seconds';
const put = (headers: Record<string, string>) => mockRequest({ method: 'PUT', path: '/latest/api/token', headers });
const required = () => createImds(resolveImdsConfig('n1', { tokens: 'required' }), T0);
const optional = () => createImds(defaultImdsConfig('n1'), T0);

describe('PUT /latest/api/token', () => {
  it('issues a token and echoes the TTL header', () => {
    const res = optional().handle(put({ [TTL]: '21600' }), T0);
    expect(res.status).toBe(200);
    expect(res.headers[TTL]).toBe('21600');
    expect(res.body).toMatch(/^[A-Za-z0-9+/]{43}=$/); // the reference's token shape
  });

  it.each([
    ['missing', {}],
    ['empty', { [TTL]: '' }],
    ['0', { [TTL]: '0' }],
    ['21601', { [TTL]: '21601' }],
    ['not a number', { [TTL]: 'abc' }],
    ['negative', { [TTL]: '-5' }],
    ['fractional', { [TTL]: '1.5' }],
  ])('answers 400 when the TTL is %s', (_, headers: Record<string, string>) => {
    const res = optional().handle(put(headers), T0);
    expect(res.status).toBe(400);
    expect(res.body).toContain('400 - Bad Request');
  });

  it('accepts the bounds 1 and 21600', () => {
    expect(parseTtl('1')).toEqual({ ok: true, seconds: 1 });
    expect(parseTtl('21600')).toEqual({ ok: true, seconds: 21600 });
  });

  it('refuses a PUT that carries X-Forwarded-For with 403, and issues no token', () => {
    const imds = optional();
    const res = imds.handle(put({ [TTL]: '60', 'x-forwarded-for': '10.0.0.9' }), T0);
    expect(res.status).toBe(403);
    expect(imds.state.tokens.size).toBe(0);
  });

  it('answers 405 to a GET of the token path', () => {
    expect(get(optional(), '/latest/api/token', { [TTL]: '60' }).status).toBe(405);
  });
});

describe('token checking, tokens required', () => {
  it('answers 401 without a token', () => {
    const res = get(required(), '/latest/meta-data/instance-id');
    expect(res.status).toBe(401);
    expect(res.body).toContain('401 - Unauthorized');
  });

  it('answers 200 with a token', () => {
    const imds = required();
    const res = get(imds, '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': token(imds) });
    expect(res).toMatchObject({ status: 200, body: 'i-0ec5000000000c0de' });
  });

  it('answers 401 once the token is TTL seconds old, 200 one second before', () => {
    const imds = required();
    const t = token(imds, 60);
    const headers = { 'x-aws-ec2-metadata-token': t };
    expect(get(imds, '/latest/meta-data/instance-id', headers, after(59)).status).toBe(200);
    expect(get(imds, '/latest/meta-data/instance-id', headers, after(60)).status).toBe(401);
  });

  it('answers 401 to a token this IMDS never issued (another server state, same config)', () => {
    const other = token(required());
    expect(get(required(), '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': other }).status).toBe(401);
  });

  it('answers 401, not 404, to a tokenless GET of an unknown path', () => {
    expect(get(required(), '/latest/meta-data/nope').status).toBe(401);
  });
});

describe('token checking, tokens optional', () => {
  it('serves an IMDSv1 GET without a token', () => {
    expect(get(optional(), '/latest/meta-data/instance-id')).toMatchObject({ status: 200, body: 'i-0ec5000000000c0de' });
  });

  it('serves a GET with a valid token', () => {
    const imds = optional();
    expect(get(imds, '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': token(imds) }).status).toBe(200);
  });

  it('answers 401 to a present but invalid or expired token (documented choice, token.ts)', () => {
    const imds = optional();
    expect(get(imds, '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': 'bogus' }).status).toBe(401);
    const t = token(imds, 1);
    expect(get(imds, '/latest/meta-data/instance-id', { 'x-aws-ec2-metadata-token': t }, after(1)).status).toBe(401);
  });
});

describe('methods', () => {
  it.each(['POST', 'DELETE', 'PUT', 'HEAD'])('answers 405 to %s on a metadata path', (method) => {
    const res = optional().handle(mockRequest({ method, path: '/latest/meta-data/instance-id' }), T0);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
  });
});
