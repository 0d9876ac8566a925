import { describe, expect, it } from 'vitest';
import { APP_ID, EXEC_ID, PENDING_ID, request, T0, testAgent } from './helpers.ts';

const APP_BODY =
  '{"RoleArn":"arn:aws:iam::123456789012:role/app","AccessKeyId":"ECSSIM-app","SecretAccessKey":"ecssim-secret-app","Token":"ecssim-token-app","Expiration":"2030-01-01T06:00:00Z"}';

const paths = {
  v1: (id: string) => `/v1/credentials?id=${id}`,
  v2: (id: string) => `/v2/credentials/${id}`,
};

describe('credentials endpoints: success', () => {
  it.each(['v1', 'v2'] as const)('%s: 200, application/json, the five fields in the agent order', (api) => {
    const { agent } = testAgent();
    const res = agent.credentials(request(paths[api](APP_ID)), T0);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toBe(APP_BODY);
  });

  it('serves the execution role by its own ID', () => {
    const { agent } = testAgent();
    const res = agent.credentials(request(paths.v2(EXEC_ID)), T0);
    expect(JSON.parse(res.body)).toMatchObject({ RoleArn: 'arn:aws:iam::123456789012:role/exec', AccessKeyId: 'ECSSIM-exec' });
  });

  it('checks nothing about the caller: any IP, any method, no headers gets the same credentials', () => {
    // ECS-FACTS.md "Nothing checks who asks": the ID is the only authorization.
    const { agent } = testAgent();
    const stranger = request(paths.v2(APP_ID), { method: 'POST', headers: {}, remoteAddress: '10.9.8.7', remotePort: 1 });
    expect(agent.credentials(stranger, T0)).toMatchObject({ status: 200, body: APP_BODY });
  });

  it('puts tollbooth headers on the answer', () => {
    const { agent } = testAgent();
    const res = agent.credentials(request(paths.v2(APP_ID), { headers: { 'x-forwarded-for': '1.2.3.4' } }), T0);
    expect(res.headers).toMatchObject({
      'x-rate-limit-limit': '40.00',
      'x-rate-limit-duration': '1',
      'x-rate-limit-request-forwarded-for': '1.2.3.4',
      'x-rate-limit-request-remote-addr': '172.17.0.5:40000',
    });
  });
});

describe('credentials endpoints: every error of the table, v1 and v2', () => {
  const cases = [
    { name: 'no id', v1: '/v1/credentials', v2: '/v2/credentials/', status: 400, code: 'NoIdInRequest', message: 'No Credential ID in the request' },
    { name: 'empty id', v1: '/v1/credentials?id=', v2: '/v2/credentials/', status: 400, code: 'NoIdInRequest', message: 'No Credential ID in the request' },
    { name: 'unknown id', v1: paths.v1('nope'), v2: paths.v2('nope'), status: 400, code: 'InvalidIdInRequest', message: 'Credentials not found' },
    { name: 'known id, uninitialized', v1: paths.v1(PENDING_ID), v2: paths.v2(PENDING_ID), status: 503, code: 'CredentialsUninitialized', message: 'Credentials uninitialized for ID' },
  ];
  for (const c of cases) {
    for (const api of ['v1', 'v2'] as const) {
      it(`${api} ${c.name}: ${c.status} ${c.code}`, () => {
        const { agent } = testAgent();
        const res = agent.credentials(request(c[api]), T0);
        const prefix = api === 'v1' ? 'CredentialsV1Request: ' : 'CredentialsV2Request: ';
        expect(res.status).toBe(c.status);
        expect(res.headers['content-type']).toBe('application/json');
        // ErrorMessage's untagged HTTPErrorCode field is marshalled too (ecs-agent/tmds/handlers/utils/helpers.go).
        expect(res.body).toBe(JSON.stringify({ code: c.code, message: `${prefix}${c.message}`, HTTPErrorCode: c.status }));
      });
    }
  }

  it.each(['v1', 'v2'] as const)('%s: 500 InternalServerError when the credentials file is unusable', (api) => {
    const { agent } = testAgent({ state: 'invalid', errors: ['tasks.0.state: bad'] });
    const res = agent.credentials(request(paths[api](APP_ID)), T0);
    expect(res).toMatchObject({ status: 500, body: '{"code":"InternalServerError","message":"Internal server error","HTTPErrorCode":500}' });
  });

  it('a missing credentials file means no tasks: 400 InvalidIdInRequest', () => {
    const { agent } = testAgent({ state: 'absent' });
    expect(JSON.parse(agent.credentials(request(paths.v2(APP_ID)), T0).body)).toMatchObject({ code: 'InvalidIdInRequest' });
  });

  it('v2: everything after /v2/credentials/ is the ID, slashes included', () => {
    const { agent } = testAgent();
    expect(agent.credentials(request(paths.v2(`${APP_ID}/extra`)), T0).status).toBe(400);
  });
});

describe('credentials port: paths that are not credentials', () => {
  it.each(['/v2/credentials', '/v1/credentials/', '/v3/abc/task', '/v4/abc/stats/x', '/', '/latest/meta-data/'])('%s is gorilla/mux 404, unaudited', (path) => {
    const { agent, audit } = testAgent();
    const res = agent.credentials(request(path), T0);
    expect(res.status).toBe(404);
    expect(res.body).toBe('404 page not found\n');
    expect(res.headers).toMatchObject({ 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'x-rate-limit-limit': '40.00' });
    expect(audit).toEqual([]);
  });

  it('an unclean path is a 301 to the clean one, query kept, before any handler', () => {
    const { agent, audit } = testAgent();
    const res = agent.credentials(request(`//v2/credentials/${APP_ID}?x=1`), T0);
    expect(res).toMatchObject({ status: 301, headers: { location: `/v2/credentials/${APP_ID}?x=1` }, body: '' });
    expect(audit).toEqual([]);
  });

  it('a bad percent-escape is 400 before routing, as Go refuses it', () => {
    const { agent } = testAgent();
    expect(agent.credentials(request('/v2/credentials/%zz'), T0)).toMatchObject({ status: 400, body: '400 Bad Request' });
  });

  it('a percent-encoded path reaches the route, as Go decodes r.URL.Path', () => {
    const { agent } = testAgent();
    expect(agent.credentials(request(`/v2/%63redentials/${APP_ID}`), T0).status).toBe(200);
  });
});
