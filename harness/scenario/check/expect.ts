import type { Path } from '../issues.ts';
import type { Expectation, Task } from '../model.ts';
import type { Reporter } from '../reporter.ts';
import { didYouMean, listOf } from '../suggest.ts';
import { parseTarget, TARGETS, targetSpelling, type ProbeOrigin, type Target } from '../targets.ts';
import { parseVerdict, verdictSpelling, verdictText, type Verdict } from '../verdicts.ts';
import type { StepCheckContext } from './steps.ts';

/**
 * One cell of an `expect` table: is the target known, probe-able from there on this kind of
 * instance (targets.ts), and is the verdict one it can yield (verdicts.ts)?
 */

export function checkTarget(
  id: string,
  path: Path,
  fromName: string,
  origin: ProbeOrigin | undefined,
  fromTask: Task | undefined,
  known: ReadonlyMap<string, string>,
  ctx: StepCheckContext,
  stepIndex: number,
  startedLater: ReadonlyMap<string, number>,
): Target | undefined {
  const { report } = ctx;
  const parsed = parseTarget(id);
  if (!parsed.ok) {
    if (parsed.reason === 'unknown') {
      const param = id.includes(':') ? id.slice(id.indexOf(':') + 1) : undefined;
      const candidates = TARGETS.map((t) => (t.parameter ? `${t.name}:${param ?? `<${t.parameter}>`}` : t.name));
      report.error(path, 'unknown-target', `unknown target "${id}"${didYouMean(id, candidates)}`, { at: 'key', hint: `targets: ${TARGETS.map(targetSpelling).join(', ')}` });
    } else if (parsed.reason === 'missing-parameter') {
      report.error(path, 'unknown-target', `target "${parsed.spec.name}" needs a ${parsed.spec.parameter ?? 'parameter'}: ${targetSpelling(parsed.spec)}`, { at: 'key' });
    } else if (parsed.reason === 'no-family') {
      report.error(path, 'unknown-target', `target "${parsed.spec.name}" takes no "@ipv4"/"@ipv6": only the IMDS targets are probed per IP family`, { at: 'key', hint: `write ${targetSpelling(parsed.spec)}` });
    } else if (parsed.reason === 'unknown-family') {
      report.error(path, 'unknown-target', `"${id}": the family is ipv4 or ipv6`, { at: 'key', hint: `${parsed.spec.name}@ipv4 or ${parsed.spec.name}@ipv6` });
    } else if (parsed.reason === 'bad-parameter') {
      report.error(path, 'unknown-target', `target "${id}" does not name an S3 object`, { at: 'key', hint: 'write s3-get-object:arn:aws:s3:::<bucket>/<key> (or s3-get-object:<bucket>/<key>)' });
    } else {
      report.error(path, 'unknown-target', `target "${parsed.spec.name}" takes no ":<parameter>"`, { at: 'key', hint: `write ${parsed.spec.name}` });
    }
    return undefined;
  }
  const { target } = parsed;
  const spec = TARGETS.find((t) => t.name === target.kind);
  if (!spec) return undefined;
  let ok = true;
  const fail = (code: 'not-applicable' | 'unknown-task', message: string, hint?: string) => {
    ok = false;
    report.error(path, code, message, { at: 'key', hint });
  };

  if (ctx.instanceKind && !spec.kinds.includes(ctx.instanceKind)) {
    fail('not-applicable', `target "${id}" needs IMDS, and an external instance (ECS Anywhere) has none`, 'remove it, or set instance.kind: ec2');
  }
  if ('family' in target && target.family === 'ipv6' && ctx.ipv6 === false) {
    fail('not-applicable', `"${id}" probes IMDS over IPv6, and the instance has no IPv6`, 'set instance.ipv6: true (and instance.imds.ipv6Endpoint: enabled for IMDS to answer there)');
  }
  if (origin && !spec.from.includes(origin)) {
    fail('not-applicable', `target "${id}" cannot be probed from ${origin === 'instance' ? 'the instance: it has no task credentials of its own' : `a ${origin} task`}`, `it applies from: ${spec.from.join(', ')}`);
  }
  if (spec.needsRole === 'probing-task' && fromTask && fromTask.taskRole === undefined) {
    fail('not-applicable', `task "${fromName}" has no taskRoleArn, so it has no credentials of its own to probe`);
  }
  if ('task' in target) {
    const named = target.task;
    if (!known.has(named)) {
      const later = startedLater.get(named);
      fail('unknown-task', later !== undefined && later > stepIndex ? `task "${named}" does not exist yet: steps[${later}] starts it` : `unknown task "${named}" in "${id}"${didYouMean(named, [...known.keys()])}`, `tasks at this step: ${listOf([...known.keys()])}`);
    } else if (named === fromName && target.kind !== 'execution-credentials-of') {
      fail('not-applicable', `"${id}" probes the task's own credentials`, 'use own-credentials');
    } else {
      const def = known.get(named);
      const task = def === undefined ? undefined : ctx.tasks.get(def);
      if (task && target.kind !== 'execution-credentials-of' && task.taskRole === undefined) fail('not-applicable', `task "${named}" has no taskRoleArn, so it has no credentials to leak`);
      if (task && target.kind === 'execution-credentials-of' && task.executionRole === undefined) fail('not-applicable', `task "${named}" has no executionRoleArn, so it has no execution-role credentials to leak`);
    }
  }
  if (target.kind === 'assume-role') {
    const roles = [...ctx.roleNames, ...(ctx.instanceRole ? [ctx.instanceRole] : [])];
    if (!roles.includes(target.role)) {
      ok = false;
      report.error(path, 'unknown-role', `unknown role "${target.role}" in "${id}"${didYouMean(target.role, roles)}`, { at: 'key', hint: roles.length > 0 ? `roles: ${listOf(roles)}` : 'declare it under roles:' });
    }
  }
  return ok ? target : undefined;
}

export function checkVerdict(text: string, path: Path, targetKind: string, ctx: StepCheckContext): Verdict | undefined {
  const { report } = ctx;
  const spec = TARGETS.find((t) => t.name === targetKind);
  if (!spec) return undefined;
  const allowed = spec.verdicts.map(verdictSpelling);
  const identityRoles = [...ctx.roleNames, ...(ctx.instanceRole ? [ctx.instanceRole] : [])];
  const candidates = spec.verdicts.flatMap((k) => (k === 'identity' ? identityRoles.map((r) => `identity:${r}`) : [k]));
  const parsed = parseVerdict(text);
  if (!parsed.ok) {
    if (parsed.reason === 'error-verdict') {
      report.error(path, 'unknown-verdict', '"error" cannot be expected: a probe that errs fails its expectation (DESIGN.md principle 3)', { hint: `"${spec.name}" yields: ${allowed.join(', ')}` });
    } else if (parsed.reason === 'identity-without-role') {
      report.error(path, 'unknown-verdict', 'identity: needs a role name: identity:<role>', { hint: identityRoles.length > 0 ? `roles: ${listOf(identityRoles)}` : undefined });
    } else {
      report.error(path, 'unknown-verdict', `unknown verdict "${text}"${didYouMean(text, candidates)}`, { hint: `"${spec.name}" yields: ${allowed.join(', ')}` });
    }
    return undefined;
  }
  const { verdict } = parsed;
  if (!spec.verdicts.includes(verdict.kind)) {
    report.error(path, 'not-applicable', `verdict "${verdictText(verdict)}" does not apply to target "${spec.name}"`, { hint: `"${spec.name}" yields: ${allowed.join(', ')}` });
    return undefined;
  }
  if (verdict.kind === 'identity' && !identityRoles.includes(verdict.role)) {
    report.error(path, 'unknown-role', `unknown role "${verdict.role}"${didYouMean(verdict.role, identityRoles)}`, {
      hint: identityRoles.length > 0 ? `roles: ${listOf(identityRoles)}` : 'declare roles under roles:',
    });
    return undefined;
  }
  return verdict;
}
