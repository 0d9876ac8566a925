import type { z } from 'zod';
import type { FirewalldSetting, NftablesServiceSetting } from '../../instance/firewall-services.ts';
import type { Path } from '../issues.ts';
import type { Command, Expectation, ProbeFrom, Step, Task } from '../model.ts';
import type { Reporter } from '../reporter.ts';
import type { stepSchema } from '../schema/steps.ts';
import { didYouMean, listOf } from '../suggest.ts';
import type { InstanceKind, ProbeOrigin } from '../targets.ts';
import { checkTarget, checkVerdict } from './expect.ts';
import { INSTANCE } from './tasks.ts';

type ParsedStep = z.output<typeof stepSchema>;

export interface StepCheckContext {
  report: Reporter;
  /** Every task name declared under `tasks`, valid or not. */
  declared: readonly string[];
  /** The tasks that validated; checks that need a task that did not are skipped, not failed. */
  tasks: ReadonlyMap<string, Task>;
  roleNames: readonly string[];
  instanceKind: InstanceKind | undefined;
  /** instance.ipv6; undefined when the instance did not validate. */
  ipv6?: boolean | undefined;
  /** instance.firewalld and instance.nftablesService; undefined when the instance did not validate. */
  firewalld?: FirewalldSetting | undefined;
  nftablesService?: NftablesServiceSetting | undefined;
  /** The EC2 instance role (identity:<it> is a valid verdict); undefined for external instances. */
  instanceRole: string | undefined;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A shell string runs under /bin/sh -c; an argv list runs as is. */
const toCommand = (c: string | string[]): Command => (typeof c === 'string' ? ['/bin/sh', '-c', c] : c);

/**
 * Walks the steps in order, keeping track of which tasks exist and run at each point (declared
 * tasks start unless `x-ecs-sim.start: false`; run-task starts one, stop-task stops one), and
 * checks every reference, target and verdict against that state and the target table.
 */
export function checkSteps(raw: readonly unknown[], parsed: readonly (ParsedStep | undefined)[], ctx: StepCheckContext): Step[] | undefined {
  const { report } = ctx;
  const before = report.errorCount;
  /** Running-name → the task definition it runs. */
  const known = new Map<string, string>(ctx.declared.map((n) => [n, n]));
  const running = new Set(ctx.declared.filter((n) => ctx.tasks.get(n)?.sim.start !== false));
  const stoppedBy = new Map<string, number>();
  const startedLater = laterNames(raw);
  const steps: Step[] = [];

  const taskOf = (name: string): Task | undefined => {
    const def = known.get(name);
    return def === undefined ? undefined : ctx.tasks.get(def);
  };

  /** A task that must exist and run at step i. */
  const requireRunning = (name: string, path: Path, i: number): boolean => {
    if (!known.has(name)) {
      const later = startedLater.get(name);
      report.error(path, 'unknown-task', later !== undefined && later > i ? `task "${name}" does not exist yet: steps[${later}] starts it` : `unknown task "${name}"${didYouMean(name, [...known.keys()])}`, {
        hint: known.size > 0 ? `tasks at this step: ${listOf([...known.keys()])}` : 'declare tasks under tasks:',
      });
      return false;
    }
    if (!running.has(name)) {
      const stopped = stoppedBy.get(name);
      report.error(path, 'task-state', `task "${name}" is not running at this step${stopped !== undefined ? ` (steps[${stopped}] stopped it)` : ''}`, {
        hint: stopped !== undefined ? 'start it again with a run-task step, or move this step earlier' : `it is declared with ${'x-ecs-sim'}.start: false; add a run-task step before this one`,
      });
      return false;
    }
    return true;
  };

  parsed.forEach((step, i) => {
    const path: Path = ['steps', i];
    const location = report.location(path);
    const base = { index: i, ...(location ? { location } : {}) };
    if (!step) return applyRawEffects(raw[i], known, running);

    if (step.expect !== undefined) {
      const rows = Array.isArray(step.expect) ? step.expect.map((row, r) => ({ row, rowPath: [...path, 'expect', r] as Path })) : [{ row: step.expect, rowPath: [...path, 'expect'] as Path }];
      const cells: { expectation: Expectation; path: Path }[] = [];
      const seen = new Set<string>();
      for (const { row, rowPath } of rows) {
        const from: ProbeFrom | undefined = row.from === INSTANCE ? { kind: 'instance' } : requireRunning(row.from, [...rowPath, 'from'], i) ? { kind: 'task', task: row.from } : undefined;
        const fromTask = from?.kind === 'task' ? taskOf(from.task) : undefined;
        const origin: ProbeOrigin | undefined = from?.kind === 'instance' ? 'instance' : fromTask?.networkMode;
        if (Object.keys(row.targets).length === 0) {
          report.error([...rowPath, 'targets'], 'invalid-value', 'no targets: this row would check nothing', { hint: 'name at least one target, e.g. targets: { imds: blocked }, or remove the row' });
        }
        for (const [targetId, verdictWritten] of Object.entries(row.targets)) {
          const cellPath: Path = [...rowPath, 'targets', targetId];
          const target = checkTarget(targetId, cellPath, row.from, origin, fromTask, known, ctx, i, startedLater);
          const verdict = target ? checkVerdict(verdictWritten, cellPath, target.kind, ctx) : undefined;
          const key = `${row.from}\u0000${targetId}`;
          if (seen.has(key)) report.error(cellPath, 'duplicate-name', `"${targetId}" from "${row.from}" is already expected in this step`, { at: 'key' });
          seen.add(key);
          if (from && target && verdict) {
            const cellLocation = report.location(cellPath);
            cells.push({ expectation: { ...(row.id !== undefined ? { id: row.id } : {}), from, target, verdict, ...(cellLocation ? { location: cellLocation } : {}) }, path: cellPath });
          }
        }
      }
      steps.push({ ...base, kind: 'expect', expectations: cells.map((c) => c.expectation) });
    } else if (step.reboot !== undefined) {
      steps.push({ ...base, kind: 'reboot' });
    } else if (step['restart-docker'] !== undefined) {
      steps.push({ ...base, kind: 'restart-docker' });
    } else if (step['restart-agent'] !== undefined) {
      steps.push({ ...base, kind: 'restart-agent' });
    } else if (step['iptables-service'] !== undefined) {
      steps.push({ ...base, kind: 'iptables-service', action: step['iptables-service'] });
    } else if (step.firewalld !== undefined) {
      // firewall-cmd talks to the running firewalld over D-Bus; without one it exits 252 (NOT_RUNNING).
      if (ctx.firewalld === 'none') report.error([...path, 'firewalld'], 'not-applicable', 'firewalld is not running on this instance (instance.firewalld is none)', { at: 'key', hint: 'set instance.firewalld: iptables or nftables (its FirewallBackend)' });
      steps.push({ ...base, kind: 'firewalld', action: step.firewalld });
    } else if (step['nftables-service'] !== undefined) {
      if (ctx.nftablesService === 'none') report.error([...path, 'nftables-service'], 'not-applicable', 'nftables.service is not enabled on this instance (instance.nftablesService is none)', { at: 'key', hint: 'set instance.nftablesService: flush-ruleset (Debian\'s /etc/nftables.conf) or own-table' });
      steps.push({ ...base, kind: 'nftables-service', action: step['nftables-service'] });
    } else if (step.exec) {
      const e = step.exec;
      const ok = requireRunning(e.task, [...path, 'exec', 'task'], i);
      const task = ok ? taskOf(e.task) : undefined;
      const containers = task?.containers.map((c) => c.name) ?? [];
      if (task && e.container !== undefined && !containers.includes(e.container)) {
        report.error([...path, 'exec', 'container'], 'unknown-container', `task "${e.task}" has no container "${e.container}"${didYouMean(e.container, containers)}`, { hint: `its containers: ${listOf(containers)}` });
      }
      checkPattern(e.stdout, [...path, 'exec', 'stdout'], report);
      steps.push({ ...base, kind: 'exec', task: e.task, container: e.container ?? containers[0] ?? '', command: toCommand(e.command), exitCode: e.exitCode, ...(e.stdout !== undefined ? { stdout: e.stdout } : {}) });
    } else if (step.instance) {
      const c = step.instance;
      checkPattern(c.stdout, [...path, 'instance', 'stdout'], report);
      steps.push({ ...base, kind: 'instance', command: toCommand(c.command), exitCode: c.exitCode, ...(c.stdout !== undefined ? { stdout: c.stdout } : {}) });
    } else if (step['run-task']) {
      const { task, as } = step['run-task'];
      const name = as ?? task;
      if (name === INSTANCE) {
        report.error([...path, 'run-task', 'as'], 'invalid-value', `"${INSTANCE}" cannot name a task: "from: ${INSTANCE}" means the container instance`, { hint: 'choose another name with as:' });
      } else if (!ctx.declared.includes(task)) {
        report.error([...path, 'run-task', 'task'], 'unknown-task', `unknown task "${task}"${didYouMean(task, ctx.declared)}`, { hint: `run-task takes a task declared under tasks: ${listOf(ctx.declared)}` });
      } else if (known.has(name) && known.get(name) !== task) {
        report.error([...path, 'run-task', as === undefined ? 'task' : 'as'], 'duplicate-name', `the name "${name}" is already taken by another task`, { hint: 'task names must be unique; choose another name with as:' });
      } else if (running.has(name)) {
        report.error([...path, 'run-task', as === undefined ? 'task' : 'as'], 'task-state', `task "${name}" is already running`, { hint: 'run another copy under a new name with as: <name>' });
      }
      known.set(name, task);
      running.add(name);
      stoppedBy.delete(name);
      steps.push({ ...base, kind: 'run-task', task, as: name });
    } else if (step['stop-task']) {
      const { task } = step['stop-task'];
      requireRunning(task, [...path, 'stop-task', 'task'], i);
      running.delete(task);
      stoppedBy.set(task, i);
      steps.push({ ...base, kind: 'stop-task', task });
    }
  });
  return report.errorCount > before ? undefined : steps;
}

/** Names that run-task steps introduce, and where: for "does not exist yet" messages. */
function laterNames(raw: readonly unknown[]): Map<string, number> {
  const names = new Map<string, number>();
  raw.forEach((step, i) => {
    const run = isMapping(step) ? step['run-task'] : undefined;
    if (!isMapping(run)) return;
    const name = typeof run.as === 'string' ? run.as : typeof run.task === 'string' ? run.task : undefined;
    if (name !== undefined && !names.has(name)) names.set(name, i);
  });
  return names;
}

/** A step that failed its schema still starts or stops its task, so later steps are not blamed. */
function applyRawEffects(step: unknown, known: Map<string, string>, running: Set<string>): void {
  if (!isMapping(step)) return;
  const run = step['run-task'];
  if (isMapping(run) && typeof run.task === 'string') {
    const name = typeof run.as === 'string' ? run.as : run.task;
    known.set(name, run.task);
    running.add(name);
  }
  const stop = step['stop-task'];
  if (isMapping(stop) && typeof stop.task === 'string') running.delete(stop.task);
}

/** stdout patterns are compiled now, so that a typo fails before anything runs. */
function checkPattern(pattern: string | undefined, path: Path, report: Reporter): void {
  if (pattern === undefined) return;
  try {
    new RegExp(pattern);
  } catch (err) {
    report.error(path, 'invalid-regex', `not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`, { hint: 'JavaScript RegExp syntax; escape literal ( ) [ ] { } . * + ? with a backslash' });
  }
}
