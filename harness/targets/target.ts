import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { Outcome } from '../probes/outcome.ts';
import type { ProbeSource } from '../probes/prober.ts';
import type { InstanceKind, IpFamily, ProbeOrigin, Target } from '../scenario/targets.ts';
import type { VerdictKind } from '../scenario/verdicts.ts';

/**
 * One module per `expect` target (this folder): what it is (its spec, from which the loader, the
 * JSON Schema and the README's table are made), and how it is probed and judged (its plan, which
 * the runner's expect step carries out). Addresses and behaviours: ECS-FACTS.md.
 */

export interface TargetSpec {
  name: Target['kind'];
  /** `credentials-of` is written `credentials-of:<task>`, `assume-role:<role>`, `s3-get-object:<object ARN>`. */
  parameter?: 'task' | 'role' | 'object ARN';
  description: string;
  /** The request the probe makes. */
  probe: string;
  verdicts: readonly VerdictKind[];
  from: readonly ProbeOrigin[];
  kinds: readonly InstanceKind[];
  /** A credential the probe needs: the probing task's own role, or the named task's role. */
  needsRole?: 'probing-task' | 'named-task';
  /**
   * IMDS targets: on a dual-stack instance they probe both families and the cell shows the worse;
   * `<target>@ipv4` or `<target>@ipv6` asks one family only.
   */
  families?: true;
  /**
   * Its probe runs the aws-client image (a real SDK client, or the attacker) in the cell's place:
   * the runner loads that image into the instance right after boot, beside the task starts.
   */
  runsAwsClient?: true;
}

export const EVERYWHERE: readonly ProbeOrigin[] = ['bridge', 'host', 'awsvpc', 'instance'];
export const TASKS_ONLY: readonly ProbeOrigin[] = ['bridge', 'host', 'awsvpc'];
export const REACH: readonly VerdictKind[] = ['allowed', 'blocked', 'denied'];

/** What probing a target found: the outcome, plus what some verdicts need to know. */
export interface TargetProbe {
  outcome: Outcome;
  /** For credentials targets: the answer carried the named task's canary. */
  leaked?: boolean;
  /** For sts-identity: the role STS named. */
  identity?: string;
}

/** Work shared by the cells of one expect step (an attack serves every victim). */
export type StepMemo = Map<string, Promise<unknown>>;

/** What a plan may use: the instance, who probes, the scenario's instance role and IPv6 endpoint. */
export interface PlanContext {
  instance: EcsInstance;
  from: ProbeSource;
  instanceRole: string;
  /** EC2's HttpProtocolIpv6 for the scenario's instance. */
  imdsIpv6Endpoint: boolean;
  step: StepMemo;
}

/**
 * One concrete probe of a cell, over one IP family. Cells whose plans share a `key` ask for the
 * same thing, so they share one positive control (DESIGN.md principle 7).
 */
export interface PlannedProbe {
  key: string;
  family: IpFamily;
  /** The probe from the cell's own place. */
  probe(): Promise<TargetProbe>;
  /** The positive control, made from where the target must be reachable; absent: there is none (settle says why). */
  control?: () => Promise<TargetProbe>;
  /** The cell's outcome, given its probe and the control's result. */
  settle(cell: TargetProbe, control: TargetProbe | undefined): Outcome;
}

export interface TargetModule<T extends Target = Target> {
  spec: TargetSpec;
  plan(ctx: PlanContext, target: T, family: IpFamily): Promise<PlannedProbe>;
}
