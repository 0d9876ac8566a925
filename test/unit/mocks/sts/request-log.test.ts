import { describe, expect, it } from 'vitest';
import { redactStsPath, stsRequestLogLine } from '../../../../harness/mocks/sts/request-log.ts';

describe('the STS request log', () => {
  it('redacts presigned credential values, whatever their case or encoding, and keeps the rest', () => {
    expect(redactStsPath('/?Action=GetCallerIdentity&X-Amz-Credential=ECSSIM-k%2F20300101&x-amz-security-token=tok&X%2DAmz%2DSignature=ab&Version=2011-06-15')).toBe(
      '/?Action=GetCallerIdentity&X-Amz-Credential=REDACTED&x-amz-security-token=REDACTED&X%2DAmz%2DSignature=REDACTED&Version=2011-06-15',
    );
    expect(redactStsPath('/')).toBe('/');
  });

  it('writes one JSON line tagged service sts', () => {
    const line = stsRequestLogLine({ time: '2030-01-01T00:00:00.000Z', remote: '10.0.0.5:40000', method: 'GET', path: '/?X-Amz-Security-Token=tok', status: 400 });
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({ service: 'sts', time: '2030-01-01T00:00:00.000Z', remote: '10.0.0.5:40000', method: 'GET', path: '/?X-Amz-Security-Token=REDACTED', status: 400 });
  });
});
