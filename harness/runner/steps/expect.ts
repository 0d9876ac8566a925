import { applyControl } from '../../assert/controls.ts';
import { judge } from '../../assert/judge.ts';
import type { ProbeSource } from '../../probes/prober.ts';
import type { Expectation } from '../../scenario/model.ts';
import { controlOf, familiesOf, probeTarget, resolveTarget, type Probeable, type StepMemo, type TargetProbe } from '../probe-target.ts';
import { combineFamilies } from '../../assert/families.ts';
import { IMDS_ADDRESS, IMDS_IPV6_HOST } from '../../probes/http-target.ts';
import type { Outcome } from '../../probes/outcome.ts';
import { cellOf, type CellResult } from '../results.ts';
import type { ScenarioContext } from '../context.ts';

/**
 * One expect step: every cell and one positive control per concrete target, probed concurrently
 * (so a step with blocked cells costs about one deadline), then judged. The control is the same
 * request made from the instance itself (IMDS from the host; a task's credentials through the
 * agent's OUTPUT REDIRECT), which must be `allowed`; otherwise the target's `blocked` cells
 * become `error` (DESIGN.md principle 7).
 */
export async function runExpect(ctx: ScenarioContext, expectations: Expectation[]): Promise<CellResult[]> {
  const { instance } = ctx;
  const rows = await Promise.all(
    expectations.map(async (e) => {
      const source: ProbeSource = e.from.kind === 'instance' ? { kind: 'instance' } : { kind: 'task', task: instance.tasks.get(e.from.task) };
      // IMDS targets on a dual-stack instance are probed over both families (familiesOf).
      const probeables = await Promise.all(familiesOf(instance, e.target).map((f) => resolveTarget(instance, source, e.target, ctx.instanceRole, f)));
      return { e, source, probeables };
    }),
  );
  // One control per concrete target, probed from the instance, where it must be reachable.
  const controls = new Map<string, Promise<TargetProbe>>();
  for (const probeable of rows.flatMap((r) => r.probeables)) {
    if (controls.has(probeable.key) || !needsControl(ctx, probeable)) continue;
    controls.set(probeable.key, probeTarget(instance, { kind: 'instance' }, controlOf(probeable)));
  }
  const memo: StepMemo = new Map();
  const cells = rows.map(async ({ e, source, probeables }): Promise<CellResult> => {
    const found = await Promise.all(
      probeables.map(async (p) => {
        const probe = await probeTarget(instance, source, p, memo);
        const control = controls.get(p.key);
        const outcome =
          p.kind === 'attack'
            ? attackControl(probe, await control!, p.gone)
            : control
              ? applyControl(probe.outcome, (await control).outcome, e.target.id, p.kind === 'aws-call' ? ['allowed', 'denied'] : ['allowed'])
              : disabledEndpoint(probe.outcome);
        return { probe, outcome, family: 'family' in p ? p.family : ('ipv4' as const) };
      }),
    );
    const outcome = combineFamilies(found.map((f) => ({ family: f.family, host: f.family === 'ipv6' ? IMDS_IPV6_HOST : IMDS_ADDRESS, outcome: f.outcome })));
    const first = found[0]!.probe;
    return {
      ...cellOf(e),
      origin: source.kind === 'instance' ? 'instance' : source.task.networkMode,
      judgement: judge(e.verdict, outcome, { ...(first.leaked !== undefined ? { leaked: first.leaked } : {}), ...(first.identity ? { identity: first.identity } : {}) }),
    };
  });
  return Promise.all(cells);
}

/**
 * IMDS over IPv6 with EC2's HttpProtocolIpv6 disabled: nothing is meant to answer at
 * fd00:ec2::254, from the instance either, so there is no positive control to take; a `blocked`
 * there rests on the setting, and the evidence says so.
 */
function needsControl(ctx: ScenarioContext, p: Probeable): boolean {
  if (!('family' in p) || p.family === 'ipv4') return true;
  return ctx.scenario.instance.kind === 'ec2' && ctx.scenario.instance.imds.ipv6Endpoint === 'enabled';
}

/**
 * An attack's `not-leaked` proves something only if the victim's credentials were there to be
 * had: the control (the victim's ID asked from the instance) must bring back its canary. When the
 * agent has let them go (a stopped task's task role, a cleaned-up task's execution role), the
 * control must be refused instead, and the evidence says that nothing was left to obtain.
 */
function attackControl(probe: TargetProbe, control: TargetProbe, gone: string | undefined): Outcome {
  const o = probe.outcome;
  if (probe.leaked || o.state === 'error') return o;
  const alive = control.outcome.state === 'allowed' && control.leaked === true;
  if (gone === undefined && alive) return o;
  if (gone !== undefined && control.outcome.state === 'denied') return { ...o, evidence: { ...o.evidence, summary: `${gone}; ${o.evidence.summary}` } };
  const expected = gone === undefined ? "the victim's credentials by ID from the instance" : `a refusal (${gone})`;
  return { state: 'error', evidence: { ...o.evidence, summary: `not leaked, but the positive control (${expected}) was ${control.outcome.state}: ${control.outcome.evidence.summary}` } };
}

function disabledEndpoint(o: Outcome): Outcome {
  return o.state === 'blocked' ? { ...o, evidence: { ...o.evidence, summary: `${o.evidence.summary}; the IPv6 endpoint is disabled (HttpProtocolIpv6=disabled)` } } : o;
}
