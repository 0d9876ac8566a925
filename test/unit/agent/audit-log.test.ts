import { describe, expect, it } from 'vitest';
import { auditPath, eventTypeForRole, formatAuditLine, type AuditEntry } from '../../../harness/agent/audit-log.ts';
import { APP_ID, EXEC_ID, INSTANCE_ARN, PENDING_ID, request, T0, TASK_ARN, testAgent } from './helpers.ts';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  time: new Date('2030-01-01T00:00:00.789Z'),
  status: 200,
  remote: '172.17.0.5:40000',
  path: '/v1/credentials',
  userAgent: 'aws-cli/2.15',
  taskArn: TASK_ARN,
  eventType: 'GetCredentials',
  cluster: 'ecs-sim',
  containerInstanceArn: INSTANCE_ARN,
  ...overrides,
});

describe('audit line format (agent/logger/audit)', () => {
  it('writes the ten fields, RFC 3339 to the second, quoted path and User-Agent, version 2', () => {
    expect(formatAuditLine(entry())).toBe(
      `2030-01-01T00:00:00Z 200 172.17.0.5:40000 "/v1/credentials" "aws-cli/2.15" ${TASK_ARN} GetCredentials 2 ecs-sim ${INSTANCE_ARN}`,
    );
  });

  it('writes - for an empty remote, task ARN, cluster and instance ARN, but "" for an empty User-Agent', () => {
    const line = formatAuditLine(entry({ remote: '', userAgent: '', taskArn: '', cluster: '', containerInstanceArn: '', eventType: 'GetCredentialsExecutionRole' }));
    expect(line).toBe('2030-01-01T00:00:00Z 200 - "/v1/credentials" "" - GetCredentialsExecutionRole 2 - -');
  });

  it('ends after the task ARN, with one space, for any other event type (errors, throttling)', () => {
    expect(formatAuditLine(entry({ status: 400, taskArn: '', eventType: 'GetCredentialsInvalidRoleType' }))).toBe(
      '2030-01-01T00:00:00Z 400 172.17.0.5:40000 "/v1/credentials" "aws-cli/2.15" - ',
    );
    expect(formatAuditLine(entry({ status: 429, taskArn: '', eventType: '' })).endsWith('"aws-cli/2.15" - ')).toBe(true);
  });

  it('logs a v2 path without its ID, and leaves other paths alone', () => {
    expect(auditPath(`/v2/credentials/${APP_ID}`)).toBe('/v2/credentials');
    expect(auditPath('/v2/credentials/')).toBe('/v2/credentials');
    expect(auditPath('/v1/credentials')).toBe('/v1/credentials');
    expect(auditPath('/v2/credentialsX')).toBe('/v2/credentialsX');
  });

  it('maps role types to event types', () => {
    expect(eventTypeForRole('TaskApplication')).toBe('GetCredentials');
    expect(eventTypeForRole('TaskExecution')).toBe('GetCredentialsExecutionRole');
    expect(eventTypeForRole(undefined)).toBe('GetCredentialsInvalidRoleType');
  });
});

describe('audit lines written by the credentials endpoints', () => {
  it('one line per request, success and error alike; the task ARN only on success', () => {
    const { agent, audit } = testAgent();
    agent.credentials(request(`/v2/credentials/${APP_ID}`), T0);
    agent.credentials(request(`/v1/credentials?id=${EXEC_ID}`, { headers: {} }), T0);
    agent.credentials(request(`/v2/credentials/${PENDING_ID}`), T0);
    agent.credentials(request('/v2/credentials/unknown-id'), T0);
    agent.credentials(request('/v1/credentials'), T0);
    expect(audit).toEqual([
      `2030-01-01T00:00:00Z 200 172.17.0.5:40000 "/v2/credentials" "aws-sdk-js/3.0" ${TASK_ARN} GetCredentials 2 ecs-sim ${INSTANCE_ARN}`,
      `2030-01-01T00:00:00Z 200 172.17.0.5:40000 "/v1/credentials" "" ${TASK_ARN} GetCredentialsExecutionRole 2 ecs-sim ${INSTANCE_ARN}`,
      '2030-01-01T00:00:00Z 503 172.17.0.5:40000 "/v2/credentials" "aws-sdk-js/3.0" - ',
      '2030-01-01T00:00:00Z 400 172.17.0.5:40000 "/v2/credentials" "aws-sdk-js/3.0" - ',
      '2030-01-01T00:00:00Z 400 172.17.0.5:40000 "/v1/credentials" "aws-sdk-js/3.0" - ',
    ]);
  });

  it('never contains a credentials ID, whatever the outcome', () => {
    const { agent, audit } = testAgent();
    for (const id of [APP_ID, EXEC_ID, PENDING_ID, 'unknown-id']) {
      agent.credentials(request(`/v2/credentials/${id}`), T0);
      agent.credentials(request(`/v1/credentials?id=${id}`), T0);
    }
    expect(audit).toHaveLength(8);
    for (const id of [APP_ID, EXEC_ID, PENDING_ID, 'unknown-id']) expect(audit.join('\n')).not.toContain(id);
  });

  it('brackets an IPv6 peer, as Go writes r.RemoteAddr', () => {
    const { agent, audit } = testAgent();
    agent.credentials(request(`/v2/credentials/${APP_ID}`, { remoteAddress: '::1', remotePort: 5000 }), T0);
    expect(audit[0]).toContain(' 200 [::1]:5000 ');
  });

  it('with no credentials file yet, every ID is unknown and audited as an error', () => {
    const { agent, audit } = testAgent({ state: 'absent' });
    agent.credentials(request('/v2/credentials/x'), T0);
    expect(audit).toEqual(['2030-01-01T00:00:00Z 400 172.17.0.5:40000 "/v2/credentials" "aws-sdk-js/3.0" - ']);
  });
});
