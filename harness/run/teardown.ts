import createDebug from 'debug';
import { CleanupErrors } from '../errors.ts';

const debug = createDebug('ecs-sim:teardown');

/**
 * A stack of clean-up steps, run in reverse order of registration. Every step runs even when
 * an earlier one fails; the errors are collected into one CleanupErrors (citty's practice).
 */
export class Teardown {
  private readonly steps: Array<{ what: string; fn: () => Promise<void> }> = [];
  private running: Promise<void> | undefined;

  defer(what: string, fn: () => Promise<void>): void {
    this.steps.push({ what, fn });
  }

  /** Runs every step once; later calls wait for the first. */
  run(): Promise<void> {
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    const errors: unknown[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      debug('%s', step.what);
      try {
        await step.fn();
      } catch (err) {
        debug('failed: %s: %O', step.what, err);
        errors.push(new Error(`${step.what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      }
    }
    this.running = undefined;
    if (errors.length > 0) throw new CleanupErrors(errors);
  }
}
