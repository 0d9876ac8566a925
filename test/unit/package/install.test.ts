import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as others get it: `npm pack` (whose prepack builds dist/), installed into a scratch
 * project with `npm ci --offline`. Offline, because its lockfile is made from this project's own
 * (same versions, same integrity hashes), whose tarballs `npm ci` left in npm's cache.
 */
const ROOT = new URL('../../../', import.meta.url).pathname;
const exec = promisify(execFile);
const sh = (cmd: string, args: string[], cwd: string) => exec(cmd, args, { cwd, timeout: 240_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1', FORCE_COLOR: '0' } });

let scratch: string;
let tarball: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ecs-sim-package-'));
  const packed = await sh('npm', ['pack', '--json', '--pack-destination', scratch], ROOT);
  tarball = join(scratch, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  const project = join(scratch, 'project');
  await sh('mkdir', ['-p', project], scratch);
  const ours = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
  const root = ours.packages['']!;
  const dependencies = { 'ecs-sim': `file:${tarball}`, vitest: (root.devDependencies as Record<string, string>).vitest! };
  const packages: Record<string, unknown> = { '': { name: 'scratch', version: '1.0.0', dependencies } };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (!path) continue;
    const { dev: _d, devOptional: _o, peer: _p, ...rest } = entry;
    packages[path] = rest;
  }
  packages['node_modules/ecs-sim'] = { version: root.version, resolved: `file:${tarball}`, dependencies: root.dependencies, bin: root.bin, engines: root.engines, license: root.license };
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module', dependencies }, null, 2));
  await writeFile(join(project, 'package-lock.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  await sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
}, 400_000);

afterAll(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));

const project = () => join(scratch, 'project');

describe('the packed package [slow]', () => {
  it('holds the built JavaScript with its types, the bin and the images\' sources, and nothing else', async () => {
    const { stdout } = await sh('tar', ['-tzf', tarball], scratch);
    const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    const outside = files.filter((f) => !/^dist\/harness\/.+\.(js|d\.ts)$/.test(f) && !f.startsWith('images/'));
    expect(outside.sort()).toEqual(['README.md', 'bin/ecs-sim.js', 'package.json']);
    expect(files).toContain('dist/harness/index.js');
    expect(files).toContain('dist/harness/index.d.ts');
    expect(files).toContain('images/instance/Dockerfile');
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('imports in plain Node, with no TypeScript loader', async () => {
    const { stdout } = await sh(process.execPath, ['-e', "const m = await import('ecs-sim'); console.log(typeof m.validateScenario, typeof m.SimRun, typeof m.junitReport)", '--input-type=module'], project());
    expect(stdout.trim()).toBe('function function function');
  });

  it('runs its bin: validate a scenario', async () => {
    await writeFile(join(project(), 'ok.yaml'), SCENARIO);
    const { stdout } = await sh(process.execPath, ['node_modules/ecs-sim/bin/ecs-sim.js', 'validate', 'ok.yaml'], project());
    expect(stdout).toContain('1 scenario(s) valid: packaged');
  });

  it('can still build its images: the mocks, the agent and the clients bundle from dist/', async () => {
    const script = "const c = await import('./node_modules/ecs-sim/dist/harness/engine/images/catalog.js'); for (const n of ['instance', 'aws-mocks', 'aws-client']) { const f = await c.extraFiles(n); for (const [k, v] of Object.entries(f)) if ('content' in v) console.log(n, k, v.content.length > 1000); } const fs = await import('node:fs'); console.log(fs.existsSync(c.imagesDir + 'instance/Dockerfile'));";
    const { stdout } = await sh(process.execPath, ['--input-type=module', '-e', script], project());
    expect(stdout.trim().split('\n')).toEqual(['instance agent.mjs true', 'instance ecs-init.mjs true', 'instance sts-identity.mjs true', 'instance aws-call.mjs true', 'instance credentials-of.mjs true', 'aws-mocks mocks.mjs true', 'aws-client sts-identity.mjs true', 'aws-client aws-call.mjs true', 'aws-client credentials-of.mjs true', 'true']);
  });

  it('serves a vitest test through the public API, types included', async () => {
    await writeFile(
      join(project(), 'scenario.test.ts'),
      `import { expect, it } from 'vitest';
import { validateScenario, type ValidationResult } from 'ecs-sim';
it('validates a scenario', () => {
  const r: ValidationResult = validateScenario(${JSON.stringify({ apiVersion: 'ecs-sim/v1', name: 'packaged', tasks: { web: { containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] } }, steps: [{ expect: { from: 'web', targets: { imds: 'allowed' } } }] })}, 'inline');
  expect(r.ok).toBe(true);
  const bad = validateScenario({ apiVersion: 'ecs-sim/v1', name: 'x', steps: [] }, 'inline');
  expect(bad.ok).toBe(false);
});
`,
    );
    const { stdout } = await sh(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=verbose'], project());
    expect(stdout).toMatch(/✓ scenario\.test\.ts > validates a scenario/);
    expect(stdout).toMatch(/Tests\s+1 passed/);
  });
});

const SCENARIO = `apiVersion: ecs-sim/v1
name: packaged
tasks:
  web:
    containerDefinitions:
      - { name: app, image: "ecs-sim/probe:latest" }
steps:
  - expect: { from: web, targets: { imds: allowed } }
`;
