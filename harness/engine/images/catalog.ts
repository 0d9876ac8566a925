import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEFAULT_ENGINE, type DockerEngine } from './engines.ts';

/** The images ecs-sim builds, each from images/<name>/ plus files the harness adds. */
export type ImageName = 'instance' | 'aws-mocks' | 'probe' | 'aws-client';
export const IMAGE_NAMES: readonly ImageName[] = ['instance', 'aws-mocks', 'probe', 'aws-client'];

/**
 * The tag of an image. The instance has one per Docker engine (`ecs-sim/instance:docker-26.1`),
 * each built from its own Debian suite; the others are one each, and users' scenarios name
 * `ecs-sim/probe:latest` and `ecs-sim/aws-client:latest`, so those stay as they are.
 */
export const imageTag = (name: ImageName, engine: DockerEngine = DEFAULT_ENGINE): string =>
  name === 'instance' ? `ecs-sim/instance:docker-${engine}` : `ecs-sim/${name}:latest`;
/**
 * This file runs as TypeScript from a checkout (harness/engine/images/catalog.ts) and as
 * JavaScript from the installed package (dist/harness/engine/images/catalog.js, built by
 * `npm run build`): the images' sources sit at the package root either way, and the bundled
 * entry points are this file's siblings in the same language.
 */
const fromDist = import.meta.url.endsWith('.js');
export const imagesDir = fileURLToPath(new URL(fromDist ? '../../../../images/' : '../../../images/', import.meta.url));
const source = (path: string) => (fromDist ? path.replace(/\.ts$/, '.js') : path);

/** A file staged into the build context: copied from a path, or generated content. */
export type ExtraFile = { from: string; identity: string } | { content: string };

/**
 * Files that are not in images/<name>/. The Node binary is the harness's own (identified by
 * version and arch rather than hashed: 100 MB); the mocks and the agent are bundled from harness/.
 */
export async function extraFiles(name: ImageName): Promise<Record<string, ExtraFile>> {
  const node: ExtraFile = { from: process.execPath, identity: `node ${process.version} ${process.arch}` };
  switch (name) {
    case 'instance':
      return {
        node,
        'agent.mjs': { content: await bundle('../../agent/main.ts') },
        'ecs-init.mjs': { content: await bundle('../../instance/ecs-init/main.ts') },
        ...(await clients()),
      };
    case 'aws-client':
      return { node, ...(await clients()) };
    case 'aws-mocks':
      return { node, 'mocks.mjs': { content: await bundle('../../mocks/main.ts') } };
    case 'probe':
      return {};
  }
}

/** The real SDK clients a probe runs (harness/clients/), on the instance and in the aws-client image alike. */
async function clients(): Promise<Record<string, ExtraFile>> {
  return {
    'sts-identity.mjs': { content: await bundle('../../clients/sts-identity.ts') },
    'aws-call.mjs': { content: await bundle('../../clients/aws-call.ts') },
    // The attacker's probe (harness/attack/): plain Node, no SDK.
    'credentials-of.mjs': { content: await bundle('../../attack/main.ts') },
  };
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(source(entry), import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies (the AWS SDK's) call require() for node builtins: give ESM one.
    banner: { js: "import { createRequire as __ecsSimRequire } from 'node:module'; const require = __ecsSimRequire(import.meta.url);" },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
