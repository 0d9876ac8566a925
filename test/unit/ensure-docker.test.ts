import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The engine script's refusals. Nothing here starts or installs anything: each case stops
// before that, which is the point.
const script = (env: NodeJS.ProcessEnv) => spawnSync('bash', ['scripts/ensure-docker.sh'], { env, encoding: 'utf8', timeout: 20_000 });

// A PATH with the basics but no docker: "no engine answers" without touching the real engine.
function pathWithoutDocker(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-sim-path-'));
  for (const tool of ['bash', 'id', 'sed', 'cat', 'grep', 'timeout', 'pgrep', 'tail', 'seq', 'sleep']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found) symlinkSync(found, join(dir, tool));
  }
  return dir;
}

describe('scripts/ensure-docker.sh', () => {
  it('does not install over a DOCKER_HOST that does not answer: it names it and the fix', () => {
    const r = script({ PATH: process.env.PATH, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('DOCKER_HOST=unix:///nonexistent/docker.sock is set but no engine answers there');
    expect(r.stderr).toContain('Fix:');
  });

  it('refuses to install when ECS_SIM_NO_INSTALL=1', () => {
    const r = script({ PATH: pathWithoutDocker(), ECS_SIM_NO_INSTALL: '1' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('ECS_SIM_NO_INSTALL=1 forbids installing one');
  });
});
