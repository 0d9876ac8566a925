import type { Judgement } from '../assert/judge.ts';
import type { DockerEngine } from '../engine/images/engines.ts';
import type { Fidelity } from '../instance/fidelity.ts';
import type { Step } from '../scenario/model.ts';

/** One cell of an expect step's truth table. */
export interface CellResult {
  /** `instance` or the task's name. */
  from: string;
  /** The task's network mode, or `instance`. */
  origin: string;
  /** The target as written (`imds`, `credentials-of:db`). */
  target: string;
  judgement: Judgement;
}

type ActionKind = Exclude<Step['kind'], 'expect'>;

/** What a step came to, discriminated on `state`. */
export type StepResult =
  /** An expect step whose cells were all probed and judged. */
  | { state: 'checked'; kind: 'expect'; index: number; durationMs: number; cells: CellResult[] }
  /** An action step that did what it should (`ok`) or whose check failed (an exit code, a pattern). */
  | { state: 'ok' | 'failed'; kind: ActionKind; index: number; durationMs: number; detail: string }
  /** A step that could not run at all; the scenario stops here. */
  | { state: 'error'; kind: Step['kind']; index: number; durationMs: number; detail: string }
  /** Not run, because an earlier step stopped the scenario. */
  | { state: 'skipped'; kind: Step['kind']; index: number; durationMs: 0; detail: string };

export interface Tally {
  correct: number;
  wrong: number;
  error: number;
  /** Expectations never checked (their step was skipped). */
  ignored: number;
}

export type ScenarioState = 'passed' | 'failed' | 'error';

export interface ScenarioResult {
  name: string;
  source: string;
  /** The Docker engine the scenario ran on (one row of a matrix run). */
  engine: DockerEngine;
  /** What it ran on, read from the instance once booted (absent when it never booted). */
  fidelity?: Fidelity;
  state: ScenarioState;
  durationMs: number;
  steps: StepResult[];
  tally: Tally;
  /** Why the scenario could not run or went on no further. */
  error?: string;
  /** Notes from loading (keys accepted but not simulated, ...). */
  notes: string[];
  /**
   * What the real ecs-init or agent would misread or ignore in the ecs.config that user data or a
   * step wrote, each naming the line and what the real component does (ecs-init/resolve.ts).
   */
  warnings: string[];
}

export function tally(steps: StepResult[], scenarioSteps: Step[]): Tally {
  const t: Tally = { correct: 0, wrong: 0, error: 0, ignored: 0 };
  for (const r of steps) {
    switch (r.state) {
      case 'checked':
        for (const c of r.cells) t[c.judgement.state]++;
        break;
      case 'failed':
        t.wrong++;
        break;
      case 'error':
        t.error++;
        break;
      case 'skipped': {
        const step = scenarioSteps[r.index];
        if (step?.kind === 'expect') t.ignored += step.expectations.length;
        break;
      }
      case 'ok':
        break;
    }
  }
  return t;
}

export function scenarioState(t: Tally, error?: string): ScenarioState {
  if (error || t.error > 0) return 'error';
  return t.wrong > 0 || t.ignored > 0 ? 'failed' : 'passed';
}
