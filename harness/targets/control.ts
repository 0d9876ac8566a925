import { applyControl } from '../assert/controls.ts';
import type { Outcome } from '../probes/outcome.ts';
import type { TargetProbe } from './target.ts';

/**
 * The usual rule (assert/controls.ts): a `blocked` cell counts only if the same request from the
 * instance was answered; `alive` lists the control states that prove the target alive.
 */
export const settleByControl =
  (targetId: string, alive: readonly Outcome['state'][] = ['allowed']) =>
  (cell: TargetProbe, control: TargetProbe | undefined): Outcome =>
    control ? applyControl(cell.outcome, control.outcome, targetId, alive) : cell.outcome;
