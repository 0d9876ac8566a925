import { defineCommand } from 'citty';
import { EcsSimError } from '../errors.ts';
import { execInTerminal, isTerminal, type TerminalExit } from '../engine/terminal-exec.ts';
import { consoleReporter } from '../report/console.ts';
import { escapeText } from '../report/escape.ts';
import { checkImages } from '../runner/image-check.ts';
import type { ScenarioResult } from '../runner/results.ts';
import { runScenario } from '../runner/run-scenario.ts';
import { instanceConfig } from '../runner/scenario-config.ts';
import { SimRun } from '../run/sim-run.ts';
import { formatIssues, issueCount } from '../scenario/index.ts';
import { shellBanner } from '../shell/banner.ts';
import { watchHangUp } from '../shell/hang-up.ts';
import { shellProcess, type ShellTarget } from '../shell/shell-target.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';
import { loadOrExplain } from './scenario-commands.ts';
import { shellRequest } from './shell-args.ts';

export const shellCommand = defineCommand({
  meta: { name: 'shell', description: 'Boot a scenario, run it up to step N and open a shell on the instance (or in a task) with the mocks live; leaving the shell tears everything down' },
  args: {
    scenario: { type: 'positional', description: 'the scenario file', required: true },
    step: { type: 'string', description: 'run steps 1 to N first, as reports number them (0: none; default: every step)' },
    task: { type: 'string', description: 'open the shell in this running task\'s first container (its namespaces, environment and user) instead of on the instance' },
    keep: { type: 'boolean', description: 'leave everything running after the shell (removed by `ecs-sim gc` or the next run)', default: false },
  },
  async run({ args }) {
    // Usage errors first, before anything boots.
    const loaded = await loadOrExplain([args.scenario]);
    if (!loaded) return void (process.exitCode = EXIT.input);
    const [scenario, ...more] = loaded.scenarios;
    if (!scenario || more.length) {
      throw new EcsSimError('BAD_ARGUMENT', `${args.scenario} holds ${loaded.scenarios.length} scenarios; a shell opens on one`, { kind: 'input', fix: 'name one scenario file (`ecs-sim list` shows which file holds which)' });
    }
    const request = shellRequest(scenario, { step: args.step, task: args.task });
    const run = await SimRun.start({ log: (l) => console.error(l), engines: [instanceConfig(scenario.instance).docker!] });
    const missing = await checkImages(run.docker, [scenario]);
    if (missing.length) {
      await run.close();
      console.error(`${formatIssues(missing)}\n\n${issueCount(missing)} error(s); nothing was run.`);
      return void (process.exitCode = EXIT.input);
    }
    // A hang-up ends the shell and tears down as leaving it would; SIGINT and SIGTERM are the
    // run's (SimRun), whose teardown ends the shell first (below).
    const hangUp = watchHangUp();
    let exit: TerminalExit | undefined;
    let errorAtShell: string | undefined;
    let result: ScenarioResult;
    try {
      result = await runScenario(run, scenario, consoleReporter(), {
        steps: request.steps,
        keep: args.keep,
        notes: loaded.notes.map((n) => `${n.path}: ${n.message}`),
        whileLive: async (ctx, error) => {
          errorAtShell = error;
          // The terminal went away while the instance booted: nobody to open a shell for.
          if (hangUp.signal.aborted) return;
          const target: ShellTarget = request.task === undefined ? { kind: 'instance' } : { kind: 'task', task: ctx.instance.tasks.get(request.task) };
          for (const l of shellBanner({ scenario, steps: request.steps, instance: ctx.instance, target, keep: args.keep, error })) console.log(l);
          const { container, cmd, env } = shellProcess(ctx.instance, target, isTerminal());
          // The teardown (also a signal's) ends the shell first, so that the terminal is restored.
          const session = new AbortController();
          const shell = execInTerminal(container, cmd, { env, signal: AbortSignal.any([hangUp.signal, session.signal]) });
          run.teardown.defer('end the shell session', async () => {
            session.abort();
            await shell.catch(() => undefined);
          });
          exit = await shell;
          console.log('');
        },
      });
    } finally {
      if (args.keep) run.abandon();
      else await run.close();
      hangUp.exitIfLost();
    }
    process.exitCode = exitCodeAfter(exit, result, errorAtShell);
  },
});

/**
 * The command's exit code: the shell's own exit status, as `docker exec` and `ssh` give it
 * (`exit 0` or Ctrl-D after a command that succeeded: 0); killed by SIGHUP after a hang-up; 3 when the
 * shell's stream broke, or something failed after it (the teardown); without a shell (the
 * instance did not boot), the scenario's code.
 */
function exitCodeAfter(exit: TerminalExit | undefined, result: ScenarioResult, errorAtShell: string | undefined): number {
  if (!exit) return exitCodeOf([result]);
  if (result.error !== errorAtShell) return EXIT.environment;
  switch (exit.state) {
    case 'exited':
      return exit.exitCode;
    case 'aborted':
      // Only a hang-up aborts a session that returns here (a signal's teardown exits at once).
      return EXIT.environment;
    case 'broken':
      console.error(`ecs-sim shell: the shell's connection broke: ${escapeText(exit.reason)}`);
      return EXIT.environment;
  }
}
