import type { AuditRecord } from '../mocks/audit.ts';

/**
 * Which task used which role, from a scenario's audit trail (harness/mocks/audit.ts): one line per
 * caller ARN, i.e. per role and session (ECS names a task-role session after the task's ID, which
 * is how CloudTrail ties a call to a task), with the calls it made and how many were refused.
 * Calls nobody could be identified for (no or bad signature) are counted on a line of their own.
 */
export function roleUseLines(audit: readonly AuditRecord[]): string[] {
  const by = new Map<string, Map<string, { calls: number; refused: Map<string, number> }>>();
  for (const r of audit) {
    const who = r.userIdentity?.arn ?? '(unidentified caller)';
    const calls = by.get(who) ?? new Map<string, { calls: number; refused: Map<string, number> }>();
    by.set(who, calls);
    const e = calls.get(r.eventName) ?? { calls: 0, refused: new Map<string, number>() };
    calls.set(r.eventName, e);
    e.calls++;
    if (r.errorCode) e.refused.set(r.errorCode, (e.refused.get(r.errorCode) ?? 0) + 1);
  }
  return [...by].map(([who, calls]) => {
    const parts = [...calls].map(([name, e]) => {
      const refused = [...e.refused].map(([code, n]) => `${code} ${n}`).join(', ');
      return `${name} ${e.calls}${refused ? ` (${refused})` : ''}`;
    });
    return `${describeCaller(who)}: ${parts.join(', ')}`;
  });
}

/** `arn:aws:sts::<account>:assumed-role/<role>/<session>` → `role <role>, session <session>`. */
function describeCaller(arn: string): string {
  const m = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  return m ? `role ${m[1]}, session ${m[2]}` : arn;
}
