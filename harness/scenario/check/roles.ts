import type { z } from 'zod';
import type { PolicyDocument, Role } from '../model.ts';
import type { Reporter } from '../reporter.ts';
import type { roleSchema } from '../schema/policy.ts';

type ParsedRole = z.output<typeof roleSchema>;

/**
 * The trust policy a role gets when the scenario gives none: the AWS guide's example for task
 * roles ("Amazon ECS task IAM role", trust relationship), without its account/region conditions,
 * which name real accounts.
 */
export const DEFAULT_TRUST_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: ['ecs-tasks.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
};

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function normalizePolicy(doc: { Version: PolicyDocument['Version']; Id?: string | undefined; Statement: unknown }): PolicyDocument {
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as PolicyDocument['Statement'];
  return { Version: doc.Version, ...(doc.Id !== undefined ? { Id: doc.Id } : {}), Statement: statements };
}

/** Whether an Allow statement lets ecs-tasks.amazonaws.com call sts:AssumeRole. */
export function admitsEcsTasks(policy: PolicyDocument): boolean {
  return policy.Statement.some((s) => {
    if (s.Effect !== 'Allow' || s.Principal === undefined) return false;
    const services = s.Principal === '*' ? ['*'] : list(s.Principal.Service);
    const actions = list(s.Action);
    return (services.includes('*') || services.includes('ecs-tasks.amazonaws.com')) && actions.some((a) => a === '*' || a === 'sts:*' || a.toLowerCase() === 'sts:assumerole');
  });
}

/** Builds the role; notes a trust policy that no task could use (it may be on purpose). */
export function checkRole(name: string, role: ParsedRole, files: { trustPolicy?: string; permissionPolicy?: string }, report: Reporter): Role | undefined {
  if (typeof role.trustPolicy === 'string' || typeof role.permissionPolicy === 'string') return undefined; // unread file, already reported
  const trustPolicy = role.trustPolicy ? normalizePolicy(role.trustPolicy) : DEFAULT_TRUST_POLICY;
  if (!admitsEcsTasks(trustPolicy)) {
    report.note(['roles', name, 'trustPolicy'], 'untrusted-role', 'this trust policy does not let ecs-tasks.amazonaws.com assume the role, so tasks get no credentials from it', {
      hint: 'ECS-FACTS.md "Trust policy": Principal {"Service": "ecs-tasks.amazonaws.com"}, Action sts:AssumeRole',
    });
  }
  return {
    name,
    trustPolicy,
    ...(role.permissionPolicy ? { permissionPolicy: normalizePolicy(role.permissionPolicy) } : {}),
    files,
  };
}
