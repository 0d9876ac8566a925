import { join } from 'node:path';
import { collectDebugBundle } from '../debug/bundle.ts';
import { bundleSource } from '../debug/from-instance.ts';
import { imageTag } from '../engine/images/catalog.ts';
import { EcsInstance } from '../instance/ecs-instance.ts';
import type { AuditRecord } from '../mocks/audit.ts';
import { publishPolicies, readAuditTrail } from '../mocks/iam-files.ts';
import { readAgentAudit } from './agent-audit.ts';
import { readFidelity, type Fidelity } from '../instance/fidelity.ts';
import type { SimRun } from '../run/sim-run.ts';
import type { Scenario } from '../scenario/model.ts';
import type { ScenarioContext } from './context.ts';
import type { RunnerReporter } from './reporter.ts';
import { cellOf, scenarioState, stepLabel, tally, type ScenarioResult, type StepResult } from './results.ts';
import { instanceConfig, scenarioImages, taskSpec, usesAwsClient } from './scenario-config.ts';
import { runAction } from './steps/actions.ts';
import { runExpect } from './steps/expect.ts';

/**
 * Runs one scenario on a fresh instance: boot, start the tasks marked to start, run the steps
 * in order, destroy the instance. Wrong expectations do not stop it; a step that cannot run
 * does (the later steps are reported as skipped, their expectations as ignored).
 */
export interface RunScenarioOptions {
  /** Notes from loading, reported with the result. */
  notes?: string[];
  /** Leave the instance running afterwards, to poke at it (`ecs-sim run --keep`). Default false. */
  keep?: boolean;
  /**
   * Gather a debug bundle of the instance before teardown, into this folder (`--debug-dir`).
   * A scenario that errs gets one regardless, in `.ecs-sim/debug/` when this is unset.
   */
  debugDir?: string;
  /** Run only the first this many steps (`ecs-sim shell --step N`); the rest are not reported. Default: all. */
  steps?: number;
  /**
   * Called with the live instance once the steps ran (even when one could not: `error` says why),
   * before the debug bundle and the teardown, which wait for it (`ecs-sim shell`). Not called
   * when the instance did not boot or a task did not start. A throw is the scenario's error.
   */
  whileLive?: (ctx: ScenarioContext, error: string | undefined) => Promise<void>;
}

export const DEFAULT_DEBUG_DIR = join('.ecs-sim', 'debug');

export async function runScenario(run: SimRun, scenario: Scenario, reporter: RunnerReporter = {}, opts: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const notes = [...(opts.notes ?? [])];
  const started = Date.now();
  const results: StepResult[] = [];
  let error: string | undefined;
  let instance: EcsInstance | undefined;
  let fidelity: Fidelity | undefined;
  const config = instanceConfig(scenario.instance);
  const engine = config.docker!;
  let debugBundle: string | undefined;
  let audit: AuditRecord[] | undefined;
  reporter.onScenarioStart?.(scenario);
  try {
    const progress = (line: string) => reporter.onProgress?.(scenario, line);
    progress('booting the instance');
    instance = await EcsInstance.boot(run, { ...config, images: scenarioImages(scenario) });
    const booted = instance;
    // The aws-client image, when a target runs it and the run's image cache could not seed it,
    // loads beside the task starts (a failure is reported where it is first needed: probes/prober.ts).
    if (usesAwsClient(scenario)) booted.prober.ensureImage(imageTag('aws-client')).catch(() => {});
    const ctx: ScenarioContext = {
      scenario,
      instance,
      instanceRole: scenario.instance.kind === 'ec2' ? scenario.instance.imds.instanceRole : '',
    };
    // IAM's part, handed to the mocks before any step can call STS or S3 (harness/mocks/iam-files.ts),
    // and what the instance runs, both while the tasks start (neither touches the tasks). The
    // fidelity is kept even when a task fails to start; the first failure, in this order, is the error.
    const [policies, read, started] = await Promise.allSettled([
      publishPolicies(instance.mocks.container, scenario),
      readFidelity(run.docker, (cmd) => booted.exec(cmd, { timeoutMs: 15_000 }), engine, scenario.instance.agentVersion),
      (async () => {
        for (const [name, task] of Object.entries(scenario.tasks)) {
          if (!task.sim.start) continue;
          progress(`starting task ${name}`);
          await booted.tasks.start(taskSpec(name, task, booted.agentConfig));
        }
      })(),
    ]);
    if (read.status === 'fulfilled') fidelity = read.value;
    for (const r of [policies, read, started]) if (r.status === 'rejected') throw r.reason;
    for (const step of scenario.steps.slice(0, opts.steps)) {
      if (error) {
        const skipped: StepResult = { state: 'skipped', kind: step.kind, index: step.index, durationMs: 0, detail: 'an earlier step could not run', label: stepLabel(step), ...(step.location ? { location: step.location } : {}), ...(step.kind === 'expect' ? { cells: step.expectations.map(cellOf) } : {}) };
        results.push(skipped);
        reporter.onStepEnd?.(scenario, step, skipped);
        continue;
      }
      reporter.onStepStart?.(scenario, step);
      const t0 = Date.now();
      let result: StepResult;
      try {
        if (step.kind === 'expect') {
          result = { state: 'checked', kind: 'expect', index: step.index, durationMs: 0, cells: await runExpect(ctx, step.expectations) };
        } else {
          const r = await runAction(ctx, step);
          result = { ...r, kind: step.kind, index: step.index, durationMs: 0 };
        }
      } catch (err) {
        error = `step ${step.index + 1} (${step.kind}) could not run: ${(err as Error).message}`;
        result = { state: 'error', kind: step.kind, index: step.index, durationMs: 0, detail: (err as Error).message };
      }
      result.durationMs = Date.now() - t0;
      result.label = stepLabel(step);
      if (step.location) result.location = step.location;
      results.push(result);
      reporter.onStepEnd?.(scenario, step, result);
    }
    await opts.whileLive?.(ctx, error).catch((err: Error) => {
      error ??= err.message;
    });
  } catch (err) {
    error ??= `the scenario could not start: ${(err as Error).message}`;
  } finally {
    const failing = Boolean(error) || tally(results, scenario.steps).error > 0;
    if (instance && (opts.debugDir !== undefined || failing)) {
      const into = join(opts.debugDir ?? DEFAULT_DEBUG_DIR, run.id);
      debugBundle = await collectDebugBundle(bundleSource(instance), into).catch((err: Error) => {
        notes.push(`the debug bundle could not be gathered: ${err.message}`);
        return undefined;
      });
    }
    if (instance) {
      const running = instance;
      audit = await Promise.all([readAuditTrail(running.mocks.container), readAgentAudit(running)])
        .then(([mocks, agent]) => [...mocks, ...agent].sort((a, b) => a.eventTime.localeCompare(b.eventTime)))
        .catch((err: Error) => {
          error ??= `the audit trail could not be read: ${err.message}`;
          return undefined;
        });
    }
    if (instance && opts.keep) {
      instance.detach();
      reporter.onInstanceKept?.(scenario, instance);
    }
    else {
      await instance?.destroy().catch((err: Error) => {
        error ??= `teardown failed: ${err.message}`;
      });
    }
  }
  const t = tally(results, scenario.steps);
  const result: ScenarioResult = {
    name: scenario.name,
    source: scenario.source,
    engine,
    ...(fidelity ? { fidelity } : {}),
    state: scenarioState(t, error),
    durationMs: Date.now() - started,
    steps: results,
    tally: t,
    ...(error ? { error } : {}),
    ...(debugBundle ? { debugBundle } : {}),
    notes,
    warnings: instance?.configFindings ?? [],
    ...(audit ? { audit } : {}),
  };
  reporter.onScenarioEnd?.(result);
  return result;
}
