import { describe, expect, it } from 'vitest';
import { createSts } from '../../../../harness/mocks/sts/handler.ts';
import type { IdentityRegistry } from '../../../../harness/mocks/sts/identities.ts';
import { assumedRoleIdentity } from '../../../../harness/mocks/sts/identities.ts';
import { mockRequest, T0 } from '../helpers.ts';
import { signed } from './sign.ts';

/** The handler in-process: exact bodies and headers, and the action dispatch. */
const identity = assumedRoleIdentity('123456789012', 'app', 'task-1');
const registry: IdentityRegistry = (key) =>
  key === 'KEY-TEMP' ? { state: 'found', credentials: { secretAccessKey: 'secret-temp', sessionToken: 'token-temp', identity } } : { state: 'unknown' };
const sts = createSts({ registry, requestId: () => 'c6104cbe-af31-11e0-8154-cbc7ccf896c7' });

describe('the STS handler', () => {
  it('answers GetCallerIdentity with the API reference XML, text/xml, the request id and its own clock as Date', async () => {
    const res = sts.handle(await signed(), T0);
    expect(res).toEqual({
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'c6104cbe-af31-11e0-8154-cbc7ccf896c7', date: 'Tue, 01 Jan 2030 00:00:00 GMT' },
      body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::123456789012:assumed-role/app/task-1</Arn>
    <UserId>ECSSIMROLE-app:task-1</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`,
    });
  });

  it('answers errors with the query-protocol ErrorResponse', () => {
    const res = sts.handle(mockRequest({ method: 'POST', body: 'Action=GetCallerIdentity&Version=2011-06-15' }), T0);
    expect(res.status).toBe(403);
    expect(res.headers).toMatchObject({ 'content-type': 'text/xml', 'x-amzn-requestid': 'c6104cbe-af31-11e0-8154-cbc7ccf896c7' });
    expect(res.body).toBe(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>MissingAuthenticationToken</Code>
    <Message>Request is missing Authentication Token</Message>
  </Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>
`);
  });

  it('serves the classic form with a charset (botocore) and a GET with query parameters', async () => {
    const botocore = await signed({ headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
    expect(sts.handle(botocore, T0).status).toBe(200);
    const get = await signed({ method: 'GET', body: '', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
    expect(sts.handle(get, T0).status).toBe(200);
  });

  it('answers other actions and versions with InvalidAction, and no action with MissingAction', async () => {
    const assume = sts.handle(await signed({ body: 'Action=AssumeRole&Version=2011-06-15&RoleArn=x' }), T0);
    expect(assume.status).toBe(400);
    expect(assume.body).toContain('<Code>InvalidAction</Code>');
    expect(assume.body).toContain('<Message>Could not find operation AssumeRole for version 2011-06-15</Message>');
    const oldVersion = sts.handle(await signed({ body: 'Action=GetCallerIdentity&Version=2010-01-01' }), T0);
    expect(oldVersion.body).toContain('<Code>InvalidAction</Code>');
    const json = await signed({ headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
    const none = sts.handle(json, T0);
    expect([none.status, /<Code>(\w+)<\/Code>/.exec(none.body)?.[1]]).toEqual([400, 'MissingAction']);
  });

  it('checks the signature before the action, so an unsigned caller learns nothing about actions', () => {
    const res = sts.handle(mockRequest({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=Nope' }), T0);
    expect(res.body).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it('escapes XML in what it echoes', async () => {
    const res = sts.handle(await signed({ body: 'Action=%3Cx%3E%26&Version=2011-06-15' }), T0);
    expect(res.body).toContain('<Message>Could not find operation &#60;x&#62;&#38; for version 2011-06-15</Message>');
  });
});
