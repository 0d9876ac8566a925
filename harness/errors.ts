/**
 * Every error ecs-sim raises on purpose: a stable code, what went wrong, and the fix.
 * The CLI maps `kind` to its exit code (input → 2, environment → 3).
 */
export type ErrorKind = 'input' | 'environment' | 'internal';

export class EcsSimError extends Error {
  override readonly name = 'EcsSimError';
  constructor(
    readonly code: string,
    /** What went wrong, without the fix. */
    readonly problem: string,
    readonly options: { kind: ErrorKind; fix?: string; cause?: unknown } = { kind: 'internal' },
  ) {
    super(options.fix ? `${problem}\n  fix: ${options.fix}` : problem, { cause: options.cause });
  }
  get kind(): ErrorKind {
    return this.options.kind;
  }
}

/** Raised when something awaited did not happen in time; the message names what and how long. */
export class TimeoutError extends EcsSimError {
  constructor(what: string, ms: number, fix?: string) {
    super('TIMEOUT', `timed out after ${(ms / 1000).toFixed(1)}s waiting for ${what}`, {
      kind: 'environment',
      ...(fix ? { fix } : {}),
    });
  }
}

/** Runs `work` with a deadline; on expiry rejects with a TimeoutError and calls `onTimeout`. */
export async function withTimeout<T>(
  what: string,
  ms: number,
  work: Promise<T> | ((signal: AbortSignal) => Promise<T>),
  opts: { fix?: string; onTimeout?: () => void } = {},
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      opts.onTimeout?.();
      reject(new TimeoutError(what, ms, opts.fix));
    }, ms);
  });
  const promise = typeof work === 'function' ? work(controller.signal) : work;
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Collects the errors of clean-up steps that must all run, then throws one error with every cause. */
export class CleanupErrors extends EcsSimError {
  constructor(readonly errors: unknown[]) {
    super('CLEANUP_FAILED', `teardown finished with ${errors.length} error(s):\n${errors.map((e) => `  - ${e instanceof Error ? e.message : String(e)}`).join('\n')}`, {
      kind: 'environment',
      cause: errors[0],
    });
  }
}
