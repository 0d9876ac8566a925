import type { Outcome } from '../probes/outcome.ts';

/**
 * DESIGN.md principle 7, "no false isolated": a `blocked` result proves nothing unless the same
 * target was shown alive in the same step. Each target probed gets a positive control (a probe
 * from where it must be `allowed`); when the control fails, the target's `blocked` cells become
 * `error`, quoting the control.
 */
export function applyControl(cell: Outcome, control: Outcome, targetName: string): Outcome {
  if (cell.state !== 'blocked' || control.state === 'allowed') return cell;
  return {
    state: 'error',
    evidence: {
      ...cell.evidence,
      summary: `blocked, but the positive control for ${targetName} was ${control.state} (${control.evidence.summary}): a dead target is not isolation`,
    },
  };
}
