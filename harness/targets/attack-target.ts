import { EcsSimError } from '../errors.ts';
import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { Outcome } from '../probes/outcome.ts';
import type { ProbeSource } from '../probes/prober.ts';
import type { IpFamily } from '../scenario/targets.ts';
import { judgeAttack, type Victim } from '../attack/verdict.ts';
import type { AttackReport } from '../attack/report.ts';
import { credentialsById } from './credentials-request.ts';
import { instanceAddressFor } from './instance-address.ts';
import type { PlanContext, PlannedProbe, StepMemo, TargetProbe } from './target.ts';

/** The deadline of one attack: every route, then one request per ID found (harness/attack/report.ts MAX_IDS). */
const ATTACK_DEADLINE_MS = 30_000;

/**
 * The attacker's question, shared by credentials-of and execution-credentials-of: what the
 * probing task can find from inside (harness/attack/), then the endpoint asked with it. The
 * positive control asks the victim's ID from the instance: its credentials must come back, unless
 * the agent has let them go (a stopped task's task role at once, an execution role at cleanup).
 */
export async function attackPlan(ctx: PlanContext, name: string, role: Victim['role'], family: IpFamily): Promise<PlannedProbe> {
  const found = ctx.instance.tasks.lookup(name);
  if (!found) throw new EcsSimError('NO_SUCH_TASK', `no task "${name}" has run on this instance yet`, { kind: 'input' });
  const { task, state } = found;
  const id = role === 'task' ? task.credentialsId : task.executionCredentialsId;
  const credentials = role === 'task' ? task.credentials : task.executionCredentials;
  if (!id || !credentials) {
    throw new EcsSimError('NO_CREDENTIALS', `task "${name}" has no ${role === 'task' ? 'task role (taskRoleArn)' : 'execution role (executionRoleArn)'}`, { kind: 'input' });
  }
  const gone = state === 'cleaned' || (state === 'stopped' && role === 'task') ? `the agent no longer holds them (${name} ${state === 'cleaned' ? 'was cleaned up' : 'has stopped'})` : undefined;
  const victim: Victim = { task: name, role, canary: credentials.AccessKeyId };
  const introspection = `http://${await instanceAddressFor(ctx.from)}:51678`;
  return {
    key: `attack:${role}-credentials:${name}`,
    family,
    probe: () => attack(ctx.instance, ctx.from, victim, introspection, ctx.step),
    control: () => credentialsById(ctx.instance, { kind: 'instance' }, id, credentials.AccessKeyId, name),
    settle: (cell, control) => attackControl(cell, control, gone),
  };
}

/**
 * Runs the attack as each container of the probing task (once per step and place: what a task
 * can find does not depend on whose credentials it is after) and judges each run; the cell is the
 * worst of them: leaked if any container obtained the credentials, error if any could not decide.
 */
async function attack(instance: EcsInstance, from: ProbeSource, victim: Victim, introspection: string, step: StepMemo): Promise<TargetProbe> {
  const key = `attack:${from.kind === 'instance' ? 'instance' : from.task.containerId}`;
  let pending = step.get(key) as ReturnType<EcsInstance['prober']['attack']> | undefined;
  if (!pending) {
    pending = instance.prober.attack(from, { introspection, guesses: 8 }, ATTACK_DEADLINE_MS);
    step.set(key, pending);
  }
  const runs = await pending;
  const verdicts = runs.map(({ container, run }) => {
    const as = runs.length > 1 ? `as container ${container}: ` : '';
    let report: AttackReport;
    try {
      report = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as AttackReport;
    } catch {
      const why = run.exitCode === 137 ? `no result within ${run.deadlineMs / 1000}s` : `exit ${run.exitCode}: ${(run.stderr || run.stdout).trim().slice(0, 200) || 'no output'}`;
      return { outcome: { state: 'error' as const, evidence: { summary: `${as}the attacker's probe broke (${why})`, durationMs: run.durationMs } }, leaked: false };
    }
    const v = judgeAttack(report, victim, instance.run.nonce, run.durationMs);
    return { ...v, outcome: { ...v.outcome, evidence: { ...v.outcome.evidence, summary: `${as}${v.outcome.evidence.summary}` } } };
  });
  const pick = verdicts.find((v) => v.leaked) ?? verdicts.find((v) => v.outcome.state === 'error') ?? verdicts[0]!;
  return { outcome: pick.outcome, leaked: pick.leaked };
}

/**
 * An attack's `not-leaked` proves something only if the victim's credentials were there to be
 * had: the control must bring back its canary. When the agent has let them go, the control must
 * be refused instead, and the evidence says that nothing was left to obtain.
 */
export function attackControl(cell: TargetProbe, control: TargetProbe | undefined, gone: string | undefined): Outcome {
  const o = cell.outcome;
  if (cell.leaked || o.state === 'error' || !control) return o;
  const alive = control.outcome.state === 'allowed' && control.leaked === true;
  if (gone === undefined && alive) return o;
  if (gone !== undefined && control.outcome.state === 'denied') return { ...o, evidence: { ...o.evidence, summary: `${gone}; ${o.evidence.summary}` } };
  const expected = gone === undefined ? "the victim's credentials by ID from the instance" : `a refusal (${gone})`;
  return { state: 'error', evidence: { ...o.evidence, summary: `not leaked, but the positive control (${expected}) was ${control.outcome.state}: ${control.outcome.evidence.summary}` } };
}
