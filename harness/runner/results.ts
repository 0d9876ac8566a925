import type { AuditRecord } from '../mocks/audit.ts';
import type { Judgement } from '../assert/judge.ts';
import type { DockerEngine } from '../engine/images/engines.ts';
import type { Fidelity } from '../instance/fidelity.ts';
import type { Expectation, SourceLocation, Step } from '../scenario/model.ts';

/** One cell of an expect step's truth table. */
export interface CellResult {
  /** `instance` or the task's name. */
  from: string;
  /** The task's network mode, or `instance`. */
  origin: string;
  /** The target as written (`imds`, `credentials-of:db`). */
  target: string;
  /** The row's `id`, when it has one (reports name the cell after it). */
  id?: string;
  /** Where the cell was written (absent for TypeScript scenarios). */
  location?: SourceLocation;
  judgement: Judgement;
}

type ActionKind = Exclude<Step['kind'], 'expect'>;

/** Where the step was written (absent for TypeScript scenarios), and what it does in a few words. */
type Located = { location?: SourceLocation; label?: string };

/** What a step came to, discriminated on `state`. */
export type StepResult = Located & (
  /** An expect step whose cells were all probed and judged. */
  | { state: 'checked'; kind: 'expect'; index: number; durationMs: number; cells: CellResult[] }
  /** An action step that did what it should (`ok`) or whose check failed (an exit code, a pattern). */
  | { state: 'ok' | 'failed'; kind: ActionKind; index: number; durationMs: number; detail: string }
  /** A step that could not run at all; the scenario stops here. */
  | { state: 'error'; kind: Step['kind']; index: number; durationMs: number; detail: string }
  /** Not run, because an earlier step stopped the scenario. */
  | {
      state: 'skipped';
      kind: Step['kind'];
      index: number;
      durationMs: 0;
      detail: string;
      /** An expect step's cells, never probed: reports list them as skipped. */
      cells?: IgnoredCell[];
    }
);

/** A cell of a skipped expect step: what it would have probed, where it was written. */
export type IgnoredCell = Omit<CellResult, 'judgement' | 'origin'>;

/** Step kinds whose result is a check (an exit code, a pattern) that counts in the tally like a cell. */
export const CHECK_KINDS: ReadonlySet<Step['kind']> = new Set(['exec', 'instance']);

/** What a step does in a few words (`exec web: curl …`): reports name its check after it, not after its index. */
export function stepLabel(step: Step): string {
  const cmd = (c: string[]) => (c[0] === '/bin/sh' && c[1] === '-c' && c.length === 3 ? c[2]! : c.join(' ')).replace(/\s+/g, ' ').trim().slice(0, 100);
  switch (step.kind) {
    case 'exec':
      return `exec ${step.task}${step.container ? `/${step.container}` : ''}: ${cmd(step.command)}`;
    case 'instance':
      return `instance: ${cmd(step.command)}`;
    case 'run-task':
      return step.as === step.task ? `run-task ${step.task}` : `run-task ${step.task} as ${step.as}`;
    case 'stop-task':
      return `stop-task ${step.task}`;
    default:
      return step.kind;
  }
}

/** The parts of a cell known before it is probed. */
export const cellOf = (e: Expectation): IgnoredCell => ({
  from: e.from.kind === 'instance' ? 'instance' : e.from.task,
  target: e.target.id,
  ...(e.id !== undefined ? { id: e.id } : {}),
  ...(e.location ? { location: e.location } : {}),
});

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
  /** The folder of the instance's debug bundle, when one was gathered (`--debug-dir`, or an error). */
  debugBundle?: string;
  /**
   * Every call the mocks' AWS APIs answered (STS, S3, ssmmessages), as CloudTrail-like records:
   * which task (its session name) used which role, from where, and how it ended. Absent when the
   * instance never booted.
   */
  audit?: AuditRecord[];
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
        else if (CHECK_KINDS.has(r.kind)) t.ignored++;
        break;
      }
      case 'ok':
        if (CHECK_KINDS.has(r.kind)) t.correct++;
        break;
    }
  }
  return t;
}

export function scenarioState(t: Tally, error?: string): ScenarioState {
  if (error || t.error > 0) return 'error';
  return t.wrong > 0 || t.ignored > 0 ? 'failed' : 'passed';
}
