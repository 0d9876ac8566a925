import { request } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';

const get = (url: string) =>
  new Promise<string>((resolve, reject) => {
    const req = request(url, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timed out')));
    req.end();
  });

describe('the unit project reaches nothing beyond loopback', () => {
  it('a stray request fails at once, naming the host', async () => {
    await expect(get('http://registry.example.com/some/path')).rejects.toThrow(/Disallowed net connect for "registry\.example\.com:80\/some\/path"/);
    // This machine's real IMDS above all.
    await expect(get('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/Disallowed net connect for "169\.254\.169\.254:80/);
  });

  it('fetch is refused too', async () => {
    const err = await fetch('https://sts.amazonaws.com/').then(() => undefined, (e: Error) => e);
    expect(String((err as Error & { cause?: Error }).cause ?? err)).toMatch(/Disallowed net connect for "sts\.amazonaws\.com:443/);
  });

  it('loopback stays open for the tests that start real servers', async () => {
    const server = createServer((_req, res) => res.end('here'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(await get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).toBe('here');
      expect(await get(`http://localhost:${(server.address() as AddressInfo).port}/`)).toBe('here');
    } finally {
      server.close();
    }
  });
});
