import { describe, expect, it } from 'vitest';
import { serviceOf } from '../../../harness/mocks/aws-api.ts';
import { mockRequest } from './helpers.ts';

const signedFor = (service: string) => `AWS4-HMAC-SHA256 Credential=K/20300101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=ab`;

describe('one endpoint for STS, S3 and ssmmessages', () => {
  it('sends a request to the service its signature is scoped to', () => {
    expect(serviceOf(mockRequest({ path: '/', headers: { authorization: signedFor('sts') } }))).toBe('sts');
    expect(serviceOf(mockRequest({ path: '/bucket/key', headers: { authorization: signedFor('s3') } }))).toBe('s3');
    expect(serviceOf(mockRequest({ path: '/v1/control-channel/x', headers: { authorization: signedFor('ssmmessages') } }))).toBe('ssmmessages');
    // Scoped to a service we do not serve: STS answers it, and refuses the scope in its words.
    expect(serviceOf(mockRequest({ path: '/', headers: { authorization: signedFor('ec2') } }))).toBe('sts');
  });
  it('sends an unsigned query-protocol call to STS and anything else to S3', () => {
    expect(serviceOf(mockRequest({ path: '/?Action=GetCallerIdentity' }))).toBe('sts');
    expect(serviceOf(mockRequest({ path: '/bucket/key' }))).toBe('s3');
  });
});
