import type Docker from 'dockerode';
import { execIn } from '../engine/exec.ts';
import { writeFileIn } from '../engine/write-file.ts';
import { EC2_TRUST_POLICY } from '../iam/managed/ec2-container-service-for-ec2-role.ts';
import type { Scenario } from '../scenario/model.ts';
import type { AuditRecord } from './audit.ts';
import { AUDIT_LOG, IAM_POLICIES_FILE } from './container.ts';
import { formatPoliciesFile, type RolePolicies } from './iam/policies-file.ts';

/**
 * The harness's side of the IAM files in the aws-mocks container: the roles' policies it hands
 * the mocks (standing in for IAM: harness/mocks/iam/policies-file.ts), and the CloudTrail-like
 * records it reads back (harness/mocks/audit.ts).
 */

/** The scenario's roles, and the instance profile's role with its permission policy (instance.imds.instancePolicy). */
export function scenarioRolePolicies(scenario: Scenario): RolePolicies[] {
  const roles: RolePolicies[] = Object.values(scenario.roles).map((r) => ({
    name: r.name,
    trustPolicy: r.trustPolicy,
    ...(r.permissionPolicy ? { permissionPolicy: r.permissionPolicy } : {}),
  }));
  const instance = scenario.instance;
  if (instance.kind === 'ec2' && !roles.some((r) => r.name === instance.imds.instanceRole)) {
    roles.push({ name: instance.imds.instanceRole, trustPolicy: EC2_TRUST_POLICY, permissionPolicy: instance.imds.instancePolicy });
  }
  return roles;
}

export async function publishPolicies(mocks: Docker.Container, scenario: Scenario): Promise<void> {
  await writeFileIn(mocks, IAM_POLICIES_FILE, formatPoliciesFile({ roles: scenarioRolePolicies(scenario) }), 'the IAM policies');
}

/** Every call the mocks' AWS APIs answered, oldest first; none when nothing was called yet. */
export async function readAuditTrail(mocks: Docker.Container): Promise<AuditRecord[]> {
  const r = await execIn(mocks, ['sh', '-c', `cat ${AUDIT_LOG} 2>/dev/null || true`]);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AuditRecord);
}
