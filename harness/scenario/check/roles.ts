import type { z } from 'zod';
import type { PolicyDocument, Role } from '../model.ts';
import type { Path } from '../issues.ts';
import type { Reporter } from '../reporter.ts';
import { checkPolicyGrammar, statementAction, statementPrincipal } from '../../iam/index.ts';
import { nearest } from '../suggest.ts';
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


export function normalizePolicy(doc: { Version: PolicyDocument['Version']; Id?: string | undefined; Statement: unknown }): PolicyDocument {
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as PolicyDocument['Statement'];
  return { Version: doc.Version, ...(doc.Id !== undefined ? { Id: doc.Id } : {}), Statement: statements };
}

const ECS_TASKS = { kind: 'service', service: 'ecs-tasks.amazonaws.com' } as const;

/**
 * Whether some Allow statement names ecs-tasks.amazonaws.com (Principal, or NotPrincipal leaving it
 * out) and covers sts:AssumeRole (Action with wildcards, or NotAction leaving it out), whatever
 * its conditions: those are judged per task, with the instance's account and region (trust.ts).
 */
export function admitsEcsTasks(policy: PolicyDocument): boolean {
  return policy.Statement.some((s) => s.Effect === 'Allow' && statementPrincipal(s, ECS_TASKS) !== 'none' && statementAction(s, 'sts:AssumeRole'));
}

/** IAM's grammar beyond the schema's shape (harness/iam/grammar.ts), each problem at its place; false when there was one. */
export function reportPolicyGrammar(path: Path, raw: unknown, report: Reporter): boolean {
  const problems = checkPolicyGrammar(raw, nearest);
  for (const p of problems) report.error([...path, ...p.path], 'invalid-policy', p.message, { ...(p.hint ? { hint: p.hint } : {}), at: p.at });
  return problems.length === 0;
}

function checkGrammar(name: string, raw: unknown, report: Reporter): void {
  if (!isMapping(raw)) return;
  for (const field of ['trustPolicy', 'permissionPolicy'] as const) reportPolicyGrammar(['roles', name, field], Object.hasOwn(raw, field) ? raw[field] : undefined, report);
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Builds the role; notes a trust policy that no task could use (it may be on purpose). */
export function checkRole(name: string, role: ParsedRole, raw: unknown, files: { trustPolicy?: string; permissionPolicy?: string }, report: Reporter): Role | undefined {
  if (typeof role.trustPolicy === 'string' || typeof role.permissionPolicy === 'string') return undefined; // unread file, already reported
  const before = report.errorCount;
  checkGrammar(name, raw, report);
  if (report.errorCount > before) return undefined;
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
