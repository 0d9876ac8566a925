import { describe, expect, it } from 'vitest';
import { defaultImdsConfig, resolveImdsConfig } from '../../../harness/mocks/imds/config.ts';
import { createImds } from '../../../harness/mocks/imds/handler.ts';
import { after, get, T0 } from './helpers.ts';

const ROLE_PATH = '/latest/meta-data/iam/security-credentials/ecs-sim-instance-role';
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const imds = () => createImds(defaultImdsConfig('n1'), T0);

describe('IMDS directory listings', () => {
  it('lists /latest/meta-data/ one entry a line, ending entries that have children with /', () => {
    const entries = get(imds(), '/latest/meta-data/').body.split('\n');
    expect(entries).toContain('instance-id');
    expect(entries).toContain('iam/');
    expect(entries).toContain('placement/');
    expect(entries).not.toContain('iam');
    expect(entries).not.toContain('instance-id/');
  });

  it('serves a directory with or without its trailing slash, as the reference mock does', () => {
    const m = imds();
    expect(get(m, '/latest/meta-data/placement').body).toBe(get(m, '/latest/meta-data/placement/').body);
    expect(get(m, '/latest/meta-data/placement/').body).toBe('availability-zone\nregion');
  });

  it('lists the role name under iam/security-credentials/', () => {
    expect(get(imds(), '/latest/meta-data/iam/security-credentials/')).toMatchObject({
      status: 200,
      body: 'ecs-sim-instance-role',
    });
    expect(get(imds(), '/latest/meta-data/iam/').body.split('\n')).toEqual(['info', 'security-credentials/']);
  });

  it('lists /latest/ and /latest/dynamic/', () => {
    expect(get(imds(), '/latest/').body).toBe('dynamic\nmeta-data');
    expect(get(imds(), '/latest/dynamic/').body).toBe('instance-identity/');
  });
});

describe('IMDS values', () => {
  it('serves the configured instance id, zone and region', () => {
    const m = createImds(resolveImdsConfig('n1', { instanceId: 'i-0abc', region: 'eu-west-3', availabilityZone: 'eu-west-3b' }), T0);
    expect(get(m, '/latest/meta-data/instance-id').body).toBe('i-0abc');
    expect(get(m, '/latest/meta-data/placement/region').body).toBe('eu-west-3');
    expect(get(m, '/latest/meta-data/placement/availability-zone').body).toBe('eu-west-3b');
  });

  it('serves the role credentials JSON with every field, canaries and a ~6 h expiry', () => {
    const m = imds();
    const res = get(m, ROLE_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const creds = JSON.parse(res.body) as Record<string, string>;
    expect(Object.keys(creds)).toEqual(['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
    expect(creds).toMatchObject({ Code: 'Success', Type: 'AWS-HMAC', LastUpdated: '2030-01-01T00:00:00Z', Expiration: '2030-01-01T06:00:00Z' });
    expect(creds.Expiration).toMatch(ISO_SECONDS);
    expect(creds.AccessKeyId).toBe(m.state.instanceRole?.keys.AccessKeyId);
    expect(creds.AccessKeyId).toMatch(/^ECSSIM-n1-instance-role-/);
  });

  it('keeps the same keys for the whole run and moves the expiry on before it passes', () => {
    const m = imds();
    const first = JSON.parse(get(m, ROLE_PATH).body) as Record<string, string>;
    const later = JSON.parse(get(m, ROLE_PATH, {}, after(6 * 3600 - 60)).body) as Record<string, string>;
    expect(later.AccessKeyId).toBe(first.AccessKeyId);
    expect(later.Expiration).toBe('2030-01-01T11:59:00Z');
  });

  it('gives different servers of the same run different credentials', () => {
    expect(JSON.parse(get(imds(), ROLE_PATH).body).AccessKeyId).not.toBe(JSON.parse(get(imds(), ROLE_PATH).body).AccessKeyId);
  });

  it('serves iam/info and the identity document from the config', () => {
    const m = imds();
    const info = JSON.parse(get(m, '/latest/meta-data/iam/info').body) as Record<string, string>;
    expect(info.InstanceProfileArn).toBe('arn:aws:iam::123456789012:instance-profile/ecs-sim-instance-role');
    const doc = JSON.parse(get(m, '/latest/dynamic/instance-identity/document').body) as Record<string, unknown>;
    expect(doc).toMatchObject({ accountId: '123456789012', region: 'us-east-1', availabilityZone: 'us-east-1a', instanceId: 'i-0ec5000000000c0de', pendingTime: '2030-01-01T00:00:00Z' });
  });
});

describe('IMDS without an instance role', () => {
  const noRole = () => createImds(resolveImdsConfig('n1', { instanceRole: null }), T0);
  it('answers 404 under iam/ and leaves iam/ out of the listing', () => {
    const m = noRole();
    expect(m.state.instanceRole).toBeUndefined();
    expect(get(m, '/latest/meta-data/iam/security-credentials/').status).toBe(404);
    expect(get(m, '/latest/meta-data/iam/security-credentials/ecs-sim-instance-role').status).toBe(404);
    expect(get(m, '/latest/meta-data/').body.split('\n')).not.toContain('iam/');
  });
});

describe('unknown paths', () => {
  it.each(['/latest/meta-data/nope', '/nope', '/latest/meta-data/instance-id/extra', '/latest/meta-data//'])(
    'answers %s with the reference 404 page',
    (path) => {
      const res = get(imds(), path);
      expect(res.status).toBe(404);
      expect(res.body).toContain('<title>404 - Not Found</title>');
      expect(res.body.startsWith('<?xml version="1.0" encoding="iso-8859-1"?>')).toBe(true);
    },
  );
});
