import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../harness/mocks/audit.ts';
import { consoleReporter } from '../../../harness/report/console.ts';
import { roleUseLines } from '../../../harness/report/role-use.ts';
import { sampleResults } from './sample-results.ts';

const record = (eventName: string, arn: string | undefined, errorCode?: string): AuditRecord => ({
  eventVersion: '1.08',
  eventTime: '2026-12-02T00:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName,
  sourceIPAddress: '169.254.1.3',
  ...(arn ? { userIdentity: { type: 'AssumedRole', arn, accountId: '123456789012', principalId: 'p', accessKeyId: 'k' } } : {}),
  ...(errorCode ? { errorCode } : {}),
  requestID: 'r',
});

describe('which task used which role', () => {
  const web = 'arn:aws:sts::123456789012:assumed-role/web-role/0f3c9a';
  const audit = [
    record('GetCallerIdentity', web),
    record('GetObject', web),
    record('GetObject', web, 'AccessDenied'),
    record('GetObject', 'arn:aws:sts::123456789012:assumed-role/ecs-sim-instance-role/i-0abc', 'AccessDenied'),
    record('GetObject', undefined, 'SignatureDoesNotMatch'),
  ];

  it('one line per role and session, with its calls and refusals', () => {
    expect(roleUseLines(audit)).toEqual([
      'role web-role, session 0f3c9a: GetCallerIdentity 1, GetObject 2 (AccessDenied 1)',
      'role ecs-sim-instance-role, session i-0abc: GetObject 1 (AccessDenied 1)',
      '(unidentified caller): GetObject 1 (SignatureDoesNotMatch 1)',
    ]);
  });

  it('the console shows them under the scenario', async () => {
    const [r] = await sampleResults();
    let out = '';
    consoleReporter({ write: (s: string) => (out += s), isTTY: false }).onScenarioEnd?.({ ...r!, audit });
    expect(out).toContain('roles used (audit trail');
    expect(out).toContain('    role web-role, session 0f3c9a: GetCallerIdentity 1, GetObject 2 (AccessDenied 1)');
  });
});
