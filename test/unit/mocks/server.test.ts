import { connect } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handler } from '../../../harness/mocks/http-types.ts';
import { resolveImdsConfig } from '../../../harness/mocks/imds/config.ts';
import { createImds } from '../../../harness/mocks/imds/handler.ts';
import { startMockServer, type RequestLogEntry, type StartedMockServer } from '../../../harness/mocks/server.ts';

const NONCE = 'test-nonce-7';
const started: StartedMockServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler, log: RequestLogEntry[] = [], maxBodyBytes?: number) {
  const server = await startMockServer({
    listen: [{ host: '127.0.0.1', port: 0 }],
    handler,
    nonce: NONCE,
    requestLog: (entry) => log.push(entry),
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  started.push(server);
  const [address] = server.addresses;
  if (address === undefined) throw new Error('no address');
  return { server, base: `http://127.0.0.1:${address.port}`, log };
}

const call = async (url: string, options: Parameters<typeof request>[1] = {}) => {
  const res = await request(url, options);
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
};

describe('mock server serving IMDS over real HTTP', () => {
  it('runs the IMDSv2 flow with tokens required: 401 without, token PUT, 200 with', async () => {
    const { base } = await serve(createImds(resolveImdsConfig('n1', { tokens: 'required' })).handle);
    expect((await call(`${base}/latest/meta-data/instance-id`)).status).toBe(401);
    const put = await call(`${base}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '30' } });
    expect(put.status).toBe(200);
    expect(put.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('30');
    const got = await call(`${base}/latest/meta-data/instance-id`, { headers: { 'X-aws-ec2-metadata-token': put.body } });
    expect(got).toMatchObject({ status: 200, body: 'i-0ec5000000000c0de' });
  });

  it('refuses a token PUT with X-Forwarded-For and one without a TTL', async () => {
    const { base } = await serve(createImds(resolveImdsConfig('n1')).handle);
    const ttl = { 'x-aws-ec2-metadata-token-ttl-seconds': '30' };
    expect((await call(`${base}/latest/api/token`, { method: 'PUT', headers: { ...ttl, 'X-Forwarded-For': '1.2.3.4' } })).status).toBe(403);
    expect((await call(`${base}/latest/api/token`, { method: 'PUT' })).status).toBe(400);
  });

  it('puts the nonce on every answer: 200, 404, 405', async () => {
    const { base } = await serve(createImds(resolveImdsConfig('n1')).handle);
    for (const [path, method, status] of [
      ['/latest/meta-data/', 'GET', 200],
      ['/latest/meta-data/nope', 'GET', 404],
      ['/latest/meta-data/', 'POST', 405],
    ] as const) {
      const res = await call(`${base}${path}`, { method });
      expect(res.status).toBe(status);
      expect(res.headers['x-ecs-sim-nonce']).toBe(NONCE);
      expect(res.headers.connection).toBe('close');
    }
  });

  it('logs each request with time, remote ip:port, method, path as sent, status and user agent', async () => {
    const { base, log } = await serve(createImds(resolveImdsConfig('n1')).handle);
    await call(`${base}/latest/meta-data/instance-id?x=1`, { headers: { 'user-agent': 'probe/1.0' } });
    await call(`${base}/nope`, { method: 'GET' });
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({ method: 'GET', path: '/latest/meta-data/instance-id?x=1', status: 200, userAgent: 'probe/1.0' });
    expect(log[0]?.remote).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(Number.isNaN(Date.parse(log[0]?.time ?? ''))).toBe(false);
    expect(log[1]).toMatchObject({ path: '/nope', status: 404 });
    expect(log[1]).not.toHaveProperty('userAgent'); // undici sends none; an absent UA is left out
  });
});

describe('mock server robustness', () => {
  it('turns a handler exception into a 500 with a body and the nonce, logs it, and keeps serving', async () => {
    let calls = 0;
    const { base, log } = await serve(() => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return { status: 200, headers: {}, body: 'ok' };
    });
    const failed = await call(`${base}/x`);
    expect(failed.status).toBe(500);
    expect(failed.body).toContain('boom');
    expect(failed.headers['x-ecs-sim-nonce']).toBe(NONCE);
    expect(log[0]).toMatchObject({ status: 500, error: 'boom' });
    expect(await call(`${base}/x`)).toMatchObject({ status: 200, body: 'ok' });
  });

  it('passes the body, lower-cased headers and the peer to the handler', async () => {
    const { base } = await serve((req) => ({ status: 200, headers: {}, body: JSON.stringify(req) }));
    const res = await call(`${base}/p?q=1`, { method: 'POST', body: 'hello', headers: { 'X-Custom': 'V' } });
    const seen = JSON.parse(res.body) as Record<string, unknown>;
    expect(seen).toMatchObject({ method: 'POST', path: '/p?q=1', body: 'hello', remoteAddress: '127.0.0.1' });
    expect((seen.headers as Record<string, string>)['x-custom']).toBe('V');
  });

  it('answers 413 to a body over the limit without calling the handler', async () => {
    let called = false;
    const { base, log } = await serve(() => ((called = true), { status: 200, headers: {}, body: '' }), [], 1024);
    const res = await call(`${base}/big`, { method: 'POST', body: 'x'.repeat(4096) });
    expect(res.status).toBe(413);
    expect(res.headers['x-ecs-sim-nonce']).toBe(NONCE);
    expect(called).toBe(false);
    expect(log[0]).toMatchObject({ status: 413 });
    expect((await call(`${base}/small`, { method: 'POST', body: 'x'.repeat(1024) })).status).toBe(200);
  });

  it('puts the nonce even on the 400 node sends for a malformed request', async () => {
    const { base } = await serve(() => ({ status: 200, headers: {}, body: '' }));
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(base).port), '127.0.0.1', () => socket.write('NOT HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw.toLowerCase()).toContain(`x-ecs-sim-nonce: ${NONCE}`);
  });

  it('refuses a nonce that cannot be a header value', async () => {
    await expect(
      startMockServer({ listen: [{ host: '127.0.0.1', port: 0 }], handler: () => ({ status: 200, headers: {}, body: '' }), nonce: 'a\nb' }),
    ).rejects.toThrow(/nonce must be/);
  });

  it('answers 500 with the nonce when a handler returns a header node refuses', async () => {
    const { base, log } = await serve(() => ({ status: 200, headers: { 'x-bad': 'line\nbreak' }, body: 'x' }));
    const res = await call(`${base}/`);
    expect(res.status).toBe(500);
    expect(res.headers['x-ecs-sim-nonce']).toBe(NONCE);
    expect(log[0]).toMatchObject({ status: 500 });
  });

  it('serves the same handler on every listen address', async () => {
    const server = await startMockServer({
      listen: [{ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: 0 }],
      handler: (req) => ({ status: 200, headers: {}, body: req.path }),
      nonce: NONCE,
    });
    started.push(server);
    expect(server.addresses).toHaveLength(2);
    for (const { port } of server.addresses) expect((await call(`http://127.0.0.1:${port}/a`)).body).toBe('/a');
  });

  it('rejects a taken port naming it, and closes twice safely', async () => {
    const { server } = await serve(() => ({ status: 204, headers: {}, body: '' }));
    const port = server.addresses[0]?.port ?? 0;
    await expect(
      startMockServer({ listen: [{ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port }], handler: () => ({ status: 200, headers: {}, body: '' }), nonce: NONCE }),
    ).rejects.toThrow(`Failed to listen on 127.0.0.1:${port}`);
    await server.close();
    await server.close();
  });
});
