import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { AuditRecord } from '../mocks/audit.ts';
import { assumedRoleIdentity, type CallerIdentity } from '../mocks/sts/identities.ts';
import type { RunningTask } from '../tasks/task.ts';

const userIdentity = (identity: CallerIdentity, accessKeyId: string): NonNullable<AuditRecord['userIdentity']> => ({
  type: 'AssumedRole',
  arn: identity.arn,
  accountId: identity.account,
  principalId: identity.userId,
  accessKeyId,
});

/**
 * The credential endpoint's part of the audit trail: the simulated agent's audit log
 * (/var/log/ecs/audit.log on the instance, in the real agent's format: harness/agent/audit-log.ts,
 * agent/logger/audit) turned into the same CloudTrail-like records the mocks write
 * (harness/mocks/audit.ts). The task ARN's last part is the task ID, which is the session name
 * of the task's role: that names who got which role's credentials.
 */
const AGENT_AUDIT_LOG = '/var/log/ecs/audit.log';
const LINE = /^(\S+) (\d{3}) (\S+) "([^"]*)" "(.*)" (\S+)(?: (\S+) (\S+) (\S+) (\S+))?$/;

export function agentAuditRecords(text: string, tasks: readonly RunningTask[], account: string): AuditRecord[] {
  const byId = new Map(tasks.map((t) => [t.taskId, t]));
  return text.split('\n').flatMap((line, i): AuditRecord[] => {
    const m = LINE.exec(line);
    if (!m) return [];
    const [, time = '', status = '', remote = '', path = '', userAgent = '', taskArn = '-', eventType] = m;
    const taskId = taskArn === '-' ? undefined : taskArn.slice(taskArn.lastIndexOf('/') + 1);
    const task = taskId === undefined ? undefined : byId.get(taskId);
    // The same task ARN serves both of its roles: the event type says which (audit-log.ts).
    const credentials = eventType === 'GetCredentialsExecutionRole' ? task?.executionCredentials : task?.credentials;
    const roleArn = credentials?.roleArn;
    const roleName = roleArn?.slice(roleArn.lastIndexOf('/') + 1);
    const ok = status === '200';
    return [
      {
        eventVersion: '1.08',
        eventTime: time,
        eventSource: 'ecs-agent',
        eventName: eventType ?? 'GetCredentials',
        sourceIPAddress: remote.replace(/:\d+$/, ''),
        ...(userAgent ? { userAgent } : {}),
        ...(roleName && taskId ? { userIdentity: userIdentity(assumedRoleIdentity(account, roleName, taskId), credentials?.AccessKeyId ?? '') } : {}),
        requestParameters: { path, ...(taskArn !== '-' ? { taskArn } : {}) },
        ...(ok ? {} : { errorCode: `HTTP ${status}` }),
        requestID: `agent-audit-${i + 1}`,
      },
    ];
  });
}

export async function readAgentAudit(instance: EcsInstance): Promise<AuditRecord[]> {
  const r = await instance.exec(['sh', '-c', `cat ${AGENT_AUDIT_LOG} 2>/dev/null || true`]);
  return agentAuditRecords(r.stdout, instance.tasks.everStarted(), instance.account);
}
