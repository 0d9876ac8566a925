import type { Outcome } from '../probes/outcome.ts';

/**
 * DESIGN.md principle 7, "no false isolated": a `blocked` result proves nothing unless the same
 * target was shown alive in the same step. Each target probed gets a positive control (a probe
 * from where it must be `allowed`); when the control fails, the target's `blocked` cells become
 * `error`, quoting the control.
 *
 * `alive` lists the control states that prove the target alive: `allowed` for every target, and
 * also `denied` for the IAM calls (AssumeRole, GetObject, ECS Exec), where the instance's own role
 * is usually refused: an answer with the run's nonce, even a refusal, shows the mock was reached.
 */
export function applyControl(cell: Outcome, control: Outcome, targetName: string, alive: readonly Outcome['state'][] = ['allowed']): Outcome {
  if (cell.state !== 'blocked' || alive.includes(control.state)) return cell;
  return {
    state: 'error',
    evidence: {
      ...cell.evidence,
      summary: `blocked, but the positive control for ${targetName} was ${control.state} (${control.evidence.summary}): a dead target is not isolation`,
    },
  };
}
