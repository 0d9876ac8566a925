import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIdentityRegistry } from '../../../../harness/mocks/sts/identities.ts';
import { callerIdentity, credentialsOf, startSts, stsClient, stsOver, taskEntry } from './helpers.ts';

/**
 * Pins what @aws-sdk/client-sts (3.1177.0, package.json) actually puts on the wire for
 * GetCallerIdentity, since newer SDKs could move a service to the JSON or query-compatible
 * protocols. The mock serves exactly this (params.ts); if an SDK update changes it, this fails first.
 */
beforeAll(() => vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true'));
afterAll(() => vi.unstubAllEnvs());

describe('what the AWS SDK for JavaScript v3 sends to STS', () => {
  it('is a SigV4-signed awsQuery form POST of Action=GetCallerIdentity&Version=2011-06-15', async () => {
    const entry = taskEntry();
    const sts = await startSts(stsOver(createIdentityRegistry({})));
    try {
      await callerIdentity(stsClient(sts.endpoint, credentialsOf(entry)));
      expect(sts.requests).toHaveLength(1);
      const req = sts.requests[0];
      expect(req).toMatchObject({ method: 'POST', path: '/', body: 'Action=GetCallerIdentity&Version=2011-06-15' });
      expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      // Not the JSON / query-compatible protocols: no target header, no JSON content type.
      expect(req?.headers['x-amz-target']).toBeUndefined();
      expect(req?.headers['x-amzn-query-mode']).toBeUndefined();
      const auth = req?.headers.authorization ?? '';
      expect(auth).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${entry.accessKeyId}/\\d{8}/us-east-1/sts/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`));
      const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
      expect(signed).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'content-type']));
      expect(req?.headers['x-amz-security-token']).toBe(entry.sessionToken);
      expect(req?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    } finally {
      await sts.close();
    }
  });
});
