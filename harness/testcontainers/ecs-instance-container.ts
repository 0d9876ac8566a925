import { disableRyukUnlessSet } from '../engine/connect.ts';
import type { DockerEngine } from '../engine/images/engines.ts';
import { EcsInstance } from '../instance/ecs-instance.ts';
import { publishPolicies } from '../mocks/iam-files.ts';
import { SimRun } from '../run/sim-run.ts';
import { instanceConfig, scenarioImages, taskSpec } from '../runner/scenario-config.ts';
import type { Scenario } from '../scenario/model.ts';
import type { InstanceInput } from '../scenario/schema/instance.ts';
import type { RoleInput } from '../scenario/schema/policy.ts';
import type { ScenarioInput } from '../scenario/schema/scenario.ts';
import type { StepInput } from '../scenario/schema/steps.ts';
import type { TaskEntryInput } from '../scenario/schema/tasks.ts';
import { validateScenario } from '../scenario/validate.ts';
import { builderError } from './builder-issues.ts';
import { StartedEcsInstanceContainer } from './started-ecs-instance-container.ts';

/** ecs.config's keys, as `instance.agentConfig` takes them. */
type AgentConfig = NonNullable<InstanceInput['agentConfig']>;

/**
 * A simulated ECS container instance, declared in the style of testcontainers-node's
 * `GenericContainer`: `with…` calls that mirror a scenario file's `instance:`, `roles:` and
 * `tasks:` keys, then `start()`, which validates the whole with the very pipeline a scenario
 * file goes through (harness/scenario/validate.ts) and boots it. The started instance is
 * `AsyncDisposable`:
 *
 *   await using inst = await new EcsInstanceContainer().withTask('web', def).start();
 *   const result = await inst.expect({ from: 'web', targets: { imds: 'blocked' } });
 *
 * Each call returns the builder; the last of two calls to the same setting wins, except
 * `withAgentConfig`, whose keys add up, and `withEveryBoot`, whose scripts do.
 */
export class EcsInstanceContainer {
  private instance: Record<string, unknown> & { agentConfig?: AgentConfig; everyBoot?: string[] } = {};
  private readonly roles: Record<string, RoleInput> = {};
  private readonly tasks: Record<string, TaskEntryInput> = {};
  private run: SimRun | undefined;
  private baseDir = process.cwd();

  /** `name` names the instance in reports and errors, as a scenario's `name:` does. Default "ecs-instance". */
  constructor(private readonly name = 'ecs-instance') {}

  /** Any of the scenario file's `instance:` keys at once (`kind`, `imds`, `iptables`, `ipv6`, ...). */
  withInstance(instance: InstanceInput): this {
    this.instance = { ...this.instance, ...instance };
    return this;
  }

  /** ecs.config entries (`instance.agentConfig`), added to those given before. */
  withAgentConfig(config: AgentConfig): this {
    this.instance.agentConfig = { ...this.instance.agentConfig, ...config };
    return this;
  }

  /** When a saved netfilter ruleset is restored at boot (`instance.persistence`). Default none. */
  withPersistence(mode: NonNullable<InstanceInput['persistence']>): this {
    return this.withInstance({ persistence: mode });
  }

  /** The Docker engine inside the instance (`instance.docker`), e.g. "26.1". Default DEFAULT_ENGINE. */
  withDocker(engine: DockerEngine): this {
    return this.withInstance({ docker: engine });
  }

  /** User data: run once, on first boot, after dockerd is up (`instance.userData`). */
  withUserData(script: string): this {
    return this.withInstance({ userData: script });
  }

  /** A script run on every boot before the agent starts (`instance.everyBoot`), after those given before. */
  withEveryBoot(script: string): this {
    this.instance.everyBoot = [...(this.instance.everyBoot ?? []), script];
    return this;
  }

  /** An IAM role (`roles.<name>`): trust and permission policies, as the scenario file takes them. */
  withRole(name: string, role: RoleInput = {}): this {
    this.roles[name] = role;
    return this;
  }

  /** A task definition (`tasks.<name>`), inline as `aws ecs register-task-definition` takes it, or `{ file }`. */
  withTask(name: string, task: TaskEntryInput): this {
    this.tasks[name] = task;
    return this;
  }

  /** Where `{ file }` references resolve. Default the current directory. */
  withBaseDir(dir: string): this {
    this.baseDir = dir;
    return this;
  }

  /**
   * Boots on this run, which owns the labels and the teardown (several instances may share one);
   * its close() removes the instance too. Default: a run of the instance's own, closed on stop().
   */
  withRun(run: SimRun): this {
    this.run = run;
    return this;
  }

  /** The scenario this builder amounts to, with `steps` (a scenario needs one; `start` gives a no-op). */
  toScenarioInput(steps: StepInput[]): ScenarioInput {
    return { apiVersion: 'ecs-sim/v1', name: this.name, instance: this.instance as InstanceInput, roles: { ...this.roles }, tasks: { ...this.tasks }, steps };
  }

  /**
   * A validator of this builder as it is now, for `steps`: the scenario a file with the same keys
   * would load as, or an input error naming the builder calls.
   */
  validator(): (steps: StepInput[]) => Scenario {
    const input = structuredClone(this.toScenarioInput([]));
    const { name, baseDir } = this;
    return (steps) => {
      const result = validateScenario({ ...input, steps }, name, { baseDir });
      if (!result.ok) throw builderError(result.errors);
      return result.scenario;
    };
  }

  /**
   * Validates, boots the instance (with its own link network, mocks and nested engine), publishes
   * the roles' policies to the mocks and starts every task not marked `x-ecs-sim: { start: false }`,
   * as a scenario run does before its first step (harness/runner/run-scenario.ts).
   */
  async start(): Promise<StartedEcsInstanceContainer> {
    const validate = this.validator();
    // A scenario needs a step; this one does nothing. expect() validates its rows the same way.
    const scenario = validate([{ instance: { command: 'true' } }]);
    disableRyukUnlessSet();
    const ownRun = this.run === undefined;
    const run = this.run ?? (await SimRun.start({ handleSignals: false }));
    let instance: EcsInstance | undefined;
    try {
      instance = await EcsInstance.boot(run, { ...instanceConfig(scenario.instance), images: scenarioImages(scenario) });
      await publishPolicies(instance.mocks.container, scenario);
      for (const [name, task] of Object.entries(scenario.tasks)) {
        if (task.sim.start) await instance.tasks.start(taskSpec(name, task, instance.agentConfig));
      }
      return new StartedEcsInstanceContainer(validate, scenario, run, instance, ownRun);
    } catch (err) {
      // A failed start leaves nothing: the instance, then the run this builder made.
      await instance?.destroy().catch(() => {});
      if (ownRun) await run.close().catch(() => {});
      throw err;
    }
  }
}
