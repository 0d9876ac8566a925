import { applyControl } from '../../assert/controls.ts';
import { judge } from '../../assert/judge.ts';
import type { ProbeSource } from '../../probes/prober.ts';
import type { Expectation } from '../../scenario/model.ts';
import { familiesOf, probeTarget, resolveTarget, type Probeable, type TargetProbe } from '../probe-target.ts';
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
    // The instance addresses the agent on loopback, whatever the row's own address was.
    const fromInstance = probeable.kind === 'introspection' ? { ...probeable, host: '127.0.0.1' } : probeable;
    controls.set(probeable.key, probeTarget(instance, { kind: 'instance' }, fromInstance));
  }
  const cells = rows.map(async ({ e, source, probeables }): Promise<CellResult> => {
    const found = await Promise.all(
      probeables.map(async (p) => {
        const probe = await probeTarget(instance, source, p);
        const control = controls.get(p.key);
        const outcome = control ? applyControl(probe.outcome, (await control).outcome, e.target.id) : disabledEndpoint(probe.outcome);
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

function disabledEndpoint(o: Outcome): Outcome {
  return o.state === 'blocked' ? { ...o, evidence: { ...o.evidence, summary: `${o.evidence.summary}; the IPv6 endpoint is disabled (HttpProtocolIpv6=disabled)` } } : o;
}
