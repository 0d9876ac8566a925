import { TARGETS, targetSpelling, type TargetSpec } from './targets.ts';
import { verdictSpelling } from './verdicts.ts';

/**
 * The README's table of targets, made from the target table itself (targets.ts), so the two cannot
 * drift: test/unit/scenario/readme.test.ts checks harness/scenario/README.md holds exactly this.
 */
export function targetsTable(targets: readonly TargetSpec[] = TARGETS): string {
  const from = (t: TargetSpec) =>
    t.from.includes('instance') ? (t.needsRole === 'probing-task' ? 'tasks with a task role' : 'tasks, instance') : t.needsRole === 'probing-task' ? 'tasks with a task role' : 'tasks';
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const rows = targets.map((t) => `| \`${targetSpelling(t)}\` | ${cell(t.description)} | ${cell(t.probe)} | ${t.verdicts.map((v) => cell(verdictSpelling(v))).join(', ')} | ${from(t)} | ${t.kinds.join(', ')} |`);
  return ['| target | what it asks | probe | verdicts | from | instance kinds |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
