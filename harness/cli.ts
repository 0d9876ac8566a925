import { defineCommand, runCommand as runCitty, showUsage } from 'citty';
import { EcsSimError } from './errors.ts';
import { connectEngine } from './engine/connect.ts';
import { ensureImages } from './engine/images/build.ts';
import { IMAGE_NAMES } from './engine/images/catalog.ts';
import { gc } from './run/gc.ts';
import { listCommand, runCommand, validateCommand } from './cli/scenario-commands.ts';
import { EXIT } from './cli/exit-codes.ts';
import { enginesToBuild } from './cli/engine-matrix.ts';
import { DOCKER_ENGINES } from './engine/images/engines.ts';
import { escapeText } from './report/escape.ts';
import { mergeReportsCommand } from './cli/merge-command.ts';
import { shellCommand } from './cli/shell-command.ts';

// Host-side AWS SDK use must never reach this machine's real IMDS (DESIGN.md principle 2).
process.env.AWS_EC2_METADATA_DISABLED = 'true';

const gcCommand = defineCommand({
  meta: { name: 'gc', description: 'Remove containers, networks and volumes that dead ecs-sim runs left behind' },
  args: {
    'max-age': { type: 'string', description: 'also remove resources of runs from other hosts older than this many hours' },
  },
  async run({ args }) {
    const docker = await connectEngine();
    const hours = args['max-age'] === undefined ? undefined : Number(args['max-age']);
    if (hours !== undefined && !(hours >= 0)) throw new EcsSimError('BAD_ARGUMENT', `--max-age must be a number of hours, not "${args['max-age']}"`, { kind: 'input' });
    const r = await gc(docker, hours === undefined ? {} : { foreignMaxAgeMs: hours * 3_600_000 });
    console.log(r.runs.length === 0 ? 'nothing to remove' : `removed ${r.containers} container(s), ${r.networks} network(s), ${r.volumes} volume(s) of ${r.runs.length} dead run(s): ${r.runs.join(', ')}`);
  },
});

const imagesCommand = defineCommand({
  meta: { name: 'images', description: 'Build the images ecs-sim runs (instance, aws-mocks, probe)' },
  subCommands: {
    build: defineCommand({
      meta: { name: 'build', description: `Build ${IMAGE_NAMES.join(', ')} (only what changed, unless --force); the instance for the engines the scenarios named run on (default scenarios/conformance), or every engine with --all` },
      args: {
        force: { type: 'boolean', description: 'rebuild even when the inputs did not change', default: false },
        all: { type: 'boolean', description: `build the instance image of every Docker engine (${DOCKER_ENGINES.join(', ')})`, default: false },
        docker: { type: 'string', description: 'the engines, as `run --docker` takes them' },
      },
      async run({ args }) {
        const engines = await enginesToBuild(args._, args.docker, args.all);
        const docker = await connectEngine();
        for (const r of await ensureImages(docker, { engines, force: args.force, log: (l) => console.error(l) })) console.log(`${r.tag}: ${r.state} (${r.seconds.toFixed(1)}s)`);
      },
    }),
  },
});

const main = defineCommand({
  meta: { name: 'ecs-sim', version: '0.1.0', description: 'Simulate the credential isolation of an Amazon ECS container instance and assert it' },
  subCommands: { run: runCommand, validate: validateCommand, list: listCommand, shell: shellCommand, gc: gcCommand, images: imagesCommand, 'merge-reports': mergeReportsCommand },
});

/**
 * citty's runMain exits 1 on every error; ecs-sim's exit codes say more (README): usage and
 * input errors 2, environment problems 3. Commands set process.exitCode for their results.
 */
async function cli(rawArgs: string[]): Promise<void> {
  const usageOf = async (args: string[]) => {
    // Walk to the deepest subcommand named, for its own usage text.
    let cmd: typeof main = main;
    let parent: typeof main | undefined;
    for (const a of args) {
      const subs = (cmd.subCommands ?? {}) as Record<string, typeof main>;
      if (!(a in subs)) break;
      parent = cmd;
      cmd = subs[a]!;
    }
    await showUsage(cmd, parent);
  };
  if (rawArgs.length === 0 || rawArgs.some((a) => a === '--help' || a === '-h')) return usageOf(rawArgs.filter((a) => !a.startsWith('-')));
  if (rawArgs.length === 1 && (rawArgs[0] === '--version' || rawArgs[0] === '-v')) return void console.log('0.1.0');
  try {
    await runCitty(main, { rawArgs });
  } catch (err) {
    if ((err as Error).name === 'CLIError') {
      await usageOf(rawArgs.filter((a) => !a.startsWith('-')));
      console.error(`ecs-sim: ${(err as Error).message}`);
      process.exitCode = EXIT.input;
    } else if (err instanceof EcsSimError) {
      // The problem and the fix each escaped (they may quote input), the fix on a line of its own.
      console.error(`ecs-sim: ${escapeText(err.problem)}${err.options.fix ? `\n  fix: ${escapeText(err.options.fix)}` : ''}`);
      process.exitCode = EXIT[err.kind];
    } else {
      console.error('ecs-sim: internal error:', err);
      process.exitCode = EXIT.internal;
    }
  }
}

await cli(process.argv.slice(2));
