import { describe, expect, it } from 'vitest';
import { formatIssues, validateScenario } from '../../../harness/scenario/index.ts';

// Task volumes, mount points, logConfiguration and the cross-task targets, as the loader checks them.
const scenario = (tasks: Record<string, unknown>, targets: Record<string, string> = {}, from = 'web') => ({
  apiVersion: 'ecs-sim/v1',
  name: 'volumes',
  roles: { 'web-role': {}, 'exec-role': {} },
  tasks,
  steps: Object.keys(targets).length ? [{ expect: { from, targets } }] : [{ reboot: {} }],
});
const web = (over: Record<string, unknown> = {}, container: Record<string, unknown> = {}) => ({
  taskRoleArn: 'web-role',
  containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest', ...container }],
  ...over,
});
const load = (input: unknown) => validateScenario(input, 'test/unit/scenario/volumes.test.ts');

describe('volumes and mountPoints', () => {
  it('loads a host volume and a Docker volume into the model', () => {
    const r = load(
      scenario({
        web: web(
          { volumes: [{ name: 'docker', host: { sourcePath: '/var/run/docker.sock' } }, { name: 'scratch', dockerVolumeConfiguration: { scope: 'shared' } }, { name: 'empty' }] },
          { mountPoints: [{ sourceVolume: 'docker', containerPath: '/var/run/docker.sock', readOnly: true }, { sourceVolume: 'scratch', containerPath: '/scratch' }] },
        ),
      }),
    );
    if (!r.ok) throw new Error(formatIssues(r.errors));
    const t = r.scenario.tasks.web!;
    expect(t.volumes).toEqual([
      { name: 'docker', kind: 'host', sourcePath: '/var/run/docker.sock' },
      { name: 'scratch', kind: 'docker', scope: 'shared', driver: 'local' },
      { name: 'empty', kind: 'docker', scope: 'task', driver: 'local' },
    ]);
    expect(t.containers[0]!.mountPoints).toEqual([
      { sourceVolume: 'docker', containerPath: '/var/run/docker.sock', readOnly: true },
      { sourceVolume: 'scratch', containerPath: '/scratch', readOnly: false },
    ]);
    expect(r.notes.map((n) => n.path)).toEqual(['roles.exec-role']);
  });

  it('notes a host path the simulated instance does not model, since Docker makes it an empty directory', () => {
    const r = load(scenario({ web: web({ volumes: [{ name: 'data', host: { sourcePath: '/data/app' } }] }, { mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }) }));
    expect(r.ok).toBe(true);
    expect(formatIssues(r.notes)).toContain('tasks.web.volumes[0].host.sourcePath: note: the simulated instance has nothing at /data/app: Docker creates it as an empty directory');
  });

  it('refuses an unknown sourceVolume, a relative sourcePath and a duplicate volume, naming each field', () => {
    const r = load(
      scenario({
        web: web(
          { volumes: [{ name: 'a', host: { sourcePath: 'var/run/docker.sock' } }, { name: 'a' }] },
          { mountPoints: [{ sourceVolume: 'dokcer', containerPath: '/x' }] },
        ),
      }),
    );
    expect(r.ok).toBe(false);
    const text = formatIssues(r.ok ? [] : r.errors);
    expect(text).toContain('tasks.web.volumes[0].host.sourcePath: sourcePath must be an absolute path on the container instance, got "var/run/docker.sock"');
    expect(text).toContain('tasks.web.volumes[1].name: duplicate volume name "a"');
    expect(text).toContain('tasks.web.containerDefinitions[0].mountPoints[0].sourceVolume: mountPoints names volume "dokcer", which the task\'s volumes do not declare');
  });

  it('refuses a ":" in a path, which Docker would read as another field of the bind', () => {
    const r = load(scenario({ web: web({ volumes: [{ name: 'a', host: { sourcePath: '/etc:/x' } }] }, { mountPoints: [{ sourceVolume: 'a', containerPath: '/a:rw,z' }] }) }));
    const text = formatIssues(r.ok ? [] : r.errors);
    expect(text).toContain('tasks.web.volumes[0].host.sourcePath: sourcePath holds no ":" or control character');
    expect(text).toContain('tasks.web.containerDefinitions[0].mountPoints[0].containerPath: containerPath is an absolute path in the container with no ":"');
  });

  it('notes a log driver other than awslogs', () => {
    const r = load(scenario({ web: web({}, { logConfiguration: { logDriver: 'fluentd' } }) }));
    expect(formatIssues(r.notes)).toContain("log driver fluentd is not simulated: the container logs with Docker's json-file driver");
  });
});

describe('cross-task credential targets', () => {
  const tasks = { web: web(), other: web({ executionRoleArn: 'exec-role' }), plain: web() };
  it('take a task that runs, with the role they name', () => {
    expect(load(scenario(tasks, { 'credentials-of:other': 'not-leaked', 'execution-credentials-of:other': 'leaked', 'credentials-by-id:other': 'leaked' })).ok).toBe(true);
  });

  it('refuse a task without that role, one that never runs, and verdicts that do not apply', () => {
    const r = load(scenario(tasks, { 'execution-credentials-of:plain': 'not-leaked', 'credentials-of:ghost': 'not-leaked', 'credentials-of:other': 'blocked' }));
    const text = formatIssues(r.ok ? [] : r.errors);
    expect(text).toContain('task "plain" has no executionRoleArn, so it has no execution-role credentials to leak');
    expect(text).toContain('unknown task "ghost" in "credentials-of:ghost"');
    expect(text).toContain('verdict "blocked" does not apply to target "credentials-of"');
  });
});
