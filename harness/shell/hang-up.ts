import createDebug from 'debug';

const debug = createDebug('ecs-sim:shell');

/**
 * The loss of the user's terminal while a shell is open: SIGHUP (the window closed, tmux
 * kill-session, ssh dropped), or a terminal's stdin that ends or fails with EIO, whichever comes
 * first. It aborts `signal`, so the shell ends and the teardown runs as on leaving it.
 */
export interface HangUpWatch {
  /** Aborted when the terminal is lost. */
  readonly signal: AbortSignal;
  /**
   * Ends the process after the teardown if the terminal was lost, as SIGHUP would have (status
   * 129 to the parent). A normal exit makes Node restore the terminal's modes, and on a terminal
   * that is gone that fails with EIO, which Node's ResetStdio (src/node.cc) asserts never happens:
   * the process would abort with a native stack trace.
   */
  exitIfLost(): void;
}

export function watchHangUp(stdin: NodeJS.ReadStream = process.stdin): HangUpWatch {
  const lost = new AbortController();
  const quiet = () => undefined;
  const onLoss = (why: unknown) => {
    debug('terminal lost: %s', why instanceof Error ? why.message : String(why ?? 'stdin ended'));
    if (lost.signal.aborted) return;
    // What is still written to the terminal fails (EIO) and must not stop the teardown.
    for (const s of [process.stdin, process.stdout, process.stderr]) s.on('error', quiet);
    lost.abort();
  };
  // `on`, not `once`: a second SIGHUP during the teardown must not kill it halfway.
  process.on('SIGHUP', onLoss);
  if (stdin.isTTY) {
    stdin.on('end', onLoss);
    stdin.on('error', onLoss);
  }
  return {
    signal: lost.signal,
    exitIfLost() {
      debug('exit: terminal %s', lost.signal.aborted ? 'lost, ending as SIGHUP' : 'still there');
      if (!lost.signal.aborted) {
        process.off('SIGHUP', onLoss);
        stdin.off('end', onLoss);
        stdin.off('error', onLoss);
        return;
      }
      // Every listener goes (signal-exit, which testcontainers' proper-lockfile loads, has one), so
      // that the signal's default action ends the process at once, not a listener that runs after
      // the event loop has already emptied (signal handles do not keep it alive).
      process.removeAllListeners('SIGHUP');
      process.kill(process.pid, 'SIGHUP');
    },
  };
}
