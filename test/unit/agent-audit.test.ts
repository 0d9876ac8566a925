import { describe, expect, it } from 'vitest';
import { formatAuditLine } from '../../harness/agent/audit-log.ts';
import { agentAuditRecords } from '../../harness/runner/agent-audit.ts';
import type { RunningTask } from '../../harness/tasks/task.ts';

const TASK_ID = '0123456789abcdef0123456789abcdef';
const task = { taskId: TASK_ID, credentials: { roleArn: 'arn:aws:iam::123456789012:role/app', AccessKeyId: 'ECSSIM-k' } } as unknown as RunningTask;
const base = { time: new Date('2026-12-02T04:00:00Z'), remote: '172.17.0.2:40000', cluster: 'default', containerInstanceArn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/default/x' };

describe("the credential endpoint's audit log as audit records", () => {
  it('names the execution role for GetCredentialsExecutionRole: one task ARN serves both roles', () => {
    const both = { ...task, executionCredentials: { roleArn: 'arn:aws:iam::123456789012:role/exec', AccessKeyId: 'ECSSIM-x' } } as unknown as RunningTask;
    const line = formatAuditLine({ ...base, status: 200, path: '/v2/credentials/exec-id', userAgent: 'Docker', taskArn: `arn:aws:ecs:us-east-1:123456789012:task/default/${TASK_ID}`, eventType: 'GetCredentialsExecutionRole' });
    expect(agentAuditRecords(line, [both], '123456789012')[0]).toMatchObject({
      eventName: 'GetCredentialsExecutionRole',
      userIdentity: { arn: `arn:aws:sts::123456789012:assumed-role/exec/${TASK_ID}`, accessKeyId: 'ECSSIM-x' },
    });
  });

  it('names the task\'s role session for a served request, and the error for a refused one', () => {
    const text = [
      formatAuditLine({ ...base, status: 200, path: '/v2/credentials/secret-id', userAgent: 'aws-sdk-js/3 "quoted"', taskArn: `arn:aws:ecs:us-east-1:123456789012:task/default/${TASK_ID}`, eventType: 'GetCredentials' }),
      formatAuditLine({ ...base, status: 400, path: '/v2/credentials/unknown', userAgent: '', taskArn: '', eventType: 'GetCredentials' }),
      'not an audit line',
    ].join('\n');
    const records = agentAuditRecords(text, [task], '123456789012');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      eventSource: 'ecs-agent',
      eventName: 'GetCredentials',
      sourceIPAddress: '172.17.0.2',
      userAgent: 'aws-sdk-js/3 "quoted"',
      userIdentity: { arn: `arn:aws:sts::123456789012:assumed-role/app/${TASK_ID}`, accessKeyId: 'ECSSIM-k' },
      requestParameters: { path: '/v2/credentials' },
    });
    expect(records[0]).not.toHaveProperty('errorCode');
    expect(records[1]).toMatchObject({ errorCode: 'HTTP 400', sourceIPAddress: '172.17.0.2' });
    expect(records[1]).not.toHaveProperty('userIdentity');
  });
});
