import { describe, expect, it } from 'vitest';
import { parseDockerFlag, planEngineRuns } from '../../harness/cli/engine-matrix.ts';
import { basePackages } from '../../harness/engine/images/base.ts';
import { imageTag } from '../../harness/engine/images/catalog.ts';
import { DEFAULT_ENGINE, DOCKER_ENGINES, ENGINE_SOURCES } from '../../harness/engine/images/engines.ts';
import { parseIptablesVersion } from '../../harness/instance/fidelity.ts';
import { engineGrid } from '../../harness/report/engine-grid.ts';
import { fidelityLine } from '../../harness/report/fidelity.ts';
import { paintFor } from '../../harness/report/paint.ts';
import type { ScenarioResult } from '../../harness/runner/results.ts';
import { formatIssues, validateScenario, type Scenario } from '../../harness/scenario/index.ts';

const load = (docker?: unknown): Scenario => {
  const r = validateScenario({ apiVersion: 'ecs-sim/v1', name: `s-${JSON.stringify(docker)}`, ...(docker !== undefined ? { instance: { docker } } : {}), steps: [{ reboot: {} }] }, 'inline.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
};

describe('instance.docker', () => {
  it('takes one engine or a list, and leaves the engine to the run when absent', () => {
    expect(load().instance.docker).toBeUndefined();
    expect(load('28.5').instance.docker).toEqual(['28.5']);
    expect(load(['26.1', '28.5', '26.1']).instance.docker).toEqual(['26.1', '28.5']);
  });

  it('refuses an engine that is not simulated, naming the field', () => {
    const r = validateScenario({ apiVersion: 'ecs-sim/v1', name: 'x', instance: { docker: '25.0' }, steps: [{ reboot: {} }] }, 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatIssues(r.errors)).toMatch(/instance.docker.*(20.10|26.1)/);
  });

  it('takes an unquoted 26.1 (a YAML number) as the text, and refuses 20.10 read as 20.1 with the fix', () => {
    expect(load(26.1).instance.docker).toEqual(['26.1']);
    const r = validateScenario({ apiVersion: 'ecs-sim/v1', name: 'x', instance: { docker: ['26.1', 20.1] }, steps: [{ reboot: {} }] }, 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatIssues(r.errors)).toMatch(/instance\.docker\[1\]: Docker engine 20\.1 is not one of 20\.10, 26\.1, 28\.5[\s\S]*fix: write the engine as a quoted string, e\.g\. docker: "20\.10"/);
  });

  it('gives each engine its own suite, image tag and, from trixie on, docker-cli', () => {
    expect(DOCKER_ENGINES.map((e) => ENGINE_SOURCES[e].suite)).toEqual(['bookworm', 'trixie', 'sid']);
    expect(DOCKER_ENGINES.map((e) => imageTag('instance', e))).toEqual(['ecs-sim/instance:docker-20.10', 'ecs-sim/instance:docker-26.1', 'ecs-sim/instance:docker-28.5']);
    expect(imageTag('probe', '28.5')).toBe('ecs-sim/probe:latest');
    expect(basePackages('trixie')).toContain('docker-cli');
    expect(basePackages('bookworm')).not.toContain('docker-cli');
    expect(basePackages('bookworm')).toContain('busybox-static');
    // Probes from the instance itself run busybox nc in it, on every engine.
    expect(basePackages('sid')).toContain('busybox-static');
  });
});

describe('matrix plan', () => {
  it('parses --docker, "all" included, and refuses unknown engines with the fix', () => {
    expect(parseDockerFlag(undefined)).toBeUndefined();
    expect(parseDockerFlag('all')).toEqual(['20.10', '26.1', '28.5']);
    expect(parseDockerFlag('28.5, 20.10,28.5')).toEqual(['28.5', '20.10']);
    expect(() => parseDockerFlag('20.10,27')).toThrow(/unknown engine\(s\) "27"[\s\S]*fix: name engines from 20.10, 26.1, 28.5/);
  });

  it('runs a scenario that names engines on those only, and any other on the run\'s engines or the default', () => {
    const free = load();
    const pinned = load(['26.1', '28.5']);
    const only2010 = load('20.10');
    const plain = planEngineRuns([free, pinned], undefined);
    expect(plain.runs.map((r) => `${r.scenario.name}@${r.engine}`)).toEqual([`${free.name}@${DEFAULT_ENGINE}`, `${pinned.name}@26.1`, `${pinned.name}@28.5`]);
    const matrix = planEngineRuns([free, pinned, only2010], ['20.10', '28.5']);
    expect(matrix.runs.map((r) => `${r.scenario.name}@${r.engine}`)).toEqual([`${free.name}@20.10`, `${free.name}@28.5`, `${pinned.name}@28.5`, `${only2010.name}@20.10`]);
    // Each run is pinned to its one engine, so the instance boots on it.
    expect(matrix.runs.every((r) => r.scenario.instance.docker?.length === 1 && r.scenario.instance.docker[0] === r.engine)).toBe(true);
    const none = planEngineRuns([pinned], ['20.10']);
    expect(none.runs).toEqual([]);
    expect(none.notRun[0]?.reason).toMatch(/concerns Docker 26.1, 28.5 only .* asked for 20.10/);
  });
});

describe('fidelity header', () => {
  const fidelity = {
    engine: '26.1' as const,
    docker: { server: '26.1.5+dfsg1', client: '26.1.5+dfsg1' },
    iptables: parseIptablesVersion('iptables v1.8.11 (nf_tables)\n'),
    kernel: '6.1.0-test',
    agentVersion: '1.105.1',
    images: [{ tag: 'ecs-sim/instance:docker-26.1', inputs: 'abc123' }],
  };

  it('reads the iptables version and front end as iptables -V prints them', () => {
    expect(parseIptablesVersion('iptables v1.8.9 (legacy)')).toEqual({ version: '1.8.9', frontEnd: 'legacy' });
    expect(parseIptablesVersion('iptables v1.8.11 (nf_tables)')).toEqual({ version: '1.8.11', frontEnd: 'nf_tables' });
    expect(() => parseIptablesVersion('command not found')).toThrow(/iptables -V.*printed "command not found"/);
  });

  it('shows every fact on one line, for the console and JUnit', () => {
    expect(fidelityLine(fidelity)).toBe('Docker 26.1.5+dfsg1 (engine 26.1) · iptables v1.8.11 (nf_tables) · kernel 6.1.0-test · agent 1.105.1 · images ecs-sim/instance:docker-26.1@abc123');
  });
});

describe('engine grid', () => {
  const result = (name: string, engine: ScenarioResult['engine'], state: ScenarioResult['state']): ScenarioResult => ({
    name, source: `${name}.yaml`, engine, state, durationMs: 1, steps: [], tally: { correct: 0, wrong: 0, error: 0, ignored: 0 }, notes: [], warnings: [],
  });
  const plain = paintFor({ isTTY: false }, {});

  it('is a scenario × engine table, with "-" where a scenario did not run', () => {
    const lines = engineGrid([result('a', '20.10', 'passed'), result('a', '28.5', 'failed'), result('b', '28.5', 'error')], plain);
    expect(lines[0]).toMatch(/^scenario\s+docker 20.10\s+docker 28.5/);
    expect(lines[1]).toMatch(/^a\s+✔ pass\s+✘ FAIL/);
    expect(lines[2]).toMatch(/^b\s+-\s+! error/);
  });

  it('is left out when every result ran on one engine', () => {
    expect(engineGrid([result('a', '26.1', 'passed')], plain)).toEqual([]);
  });
});
