import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../harness/scenario/load.ts';
import { EcsInstanceContainer } from '../../../harness/testcontainers/ecs-instance-container.ts';
import { builderCall, builderHint } from '../../../harness/testcontainers/builder-issues.ts';

// The builder's validation, without Docker: it amounts to the scenario a file with the same keys
// loads as, and its errors name the builder call.

const probeTask = (networkMode: 'bridge' | 'host') => ({ networkMode, taskRoleArn: 'web-role', containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] });

describe('EcsInstanceContainer', () => {
  it('amounts to the same instance, roles and tasks as the scenario file with the same keys', async () => {
    const file = await loadScenarioFile('scenarios/conformance/02-docker-user-drop.yaml');
    if (!file.ok) throw new Error('the conformance scenario does not load');
    const fromFile = file.scenarios[0]!;
    const built = new EcsInstanceContainer('docker-user-drop').withRole('web-role').withTask('web', probeTask('bridge')).withTask('daemon', probeTask('host')).validator()([{ instance: { command: 'true' } }]);
    expect(built.instance).toEqual(fromFile.instance);
    expect(built.roles).toEqual(fromFile.roles);
    expect(built.tasks).toEqual(fromFile.tasks);
  });

  it('adds up agent config and every-boot scripts; later settings win', () => {
    const s = new EcsInstanceContainer()
      .withAgentConfig({ ECS_AWSVPC_BLOCK_IMDS: 'true' })
      .withAgentConfig({ ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST: false })
      .withPersistence('restore-after-docker')
      .withPersistence('restore-before-docker')
      .withDocker('26.1')
      .withEveryBoot('echo one')
      .withEveryBoot('echo two')
      .validator()([{ instance: { command: 'true' } }]);
    expect(s.instance.persistence).toBe('restore-before-docker');
    expect(s.instance.docker).toEqual(['26.1']);
    expect(s.instance.everyBoot).toEqual(['echo one', 'echo two']);
    expect(s.instance.agentConfig).toMatchObject({ ECS_AWSVPC_BLOCK_IMDS: 'true', ECS_ENABLE_TASK_IAM_ROLE_NETWORK_HOST: 'false' });
  });

  it("reports every error with the loader's message, naming the builder call", () => {
    const builder = new EcsInstanceContainer()
      .withAgentConfig({ ECS_ENABLE_TASK_IAM_ROLES: 'true' } as never)
      .withPersistence('sometimes' as never)
      .withTask('web', { ...probeTask('bridge'), taskRoleArn: 'no-such-role' });
    const validate = builder.validator();
    expect(() => validate([{ instance: { command: 'true' } }])).toThrow(
      expect.objectContaining({
        code: 'INVALID_INSTANCE',
        kind: 'input',
        message: expect.stringMatching(/withAgentConfig\(\): instance\.agentConfig\.ECS_ENABLE_TASK_IAM_ROLES: .*ECS_ENABLE_TASK_IAM_ROLE[^S][\s\S]*withPersistence\(\): instance\.persistence: [\s\S]*withTask\("web"\): tasks\.web\.taskRoleArn: .*no-such-role/),
      }),
    );
  });

  it('checks expect rows as a file does: an unknown task or target names expect()', () => {
    const validate = new EcsInstanceContainer().withTask('web', { containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] }).validator();
    expect(() => validate([{ expect: { from: 'wbe', targets: { imdss: 'blocked' } as never } }])).toThrow(/expect\(\): steps\[0\]\.expect\.from: [^\n]*wbe[\s\S]*expect\(\): steps\[0\]\.expect\.targets\.imdss: unknown target "imdss" \(did you mean "imds"\?\)/);
  });

  it('says a missing role\'s fix as a builder call, not as a file key', () => {
    const validate = new EcsInstanceContainer().withTask('web', { ...probeTask('bridge'), taskRoleArn: 'arn:aws:iam::123456789012:role/web-role' }).validator();
    expect(() => validate([{ instance: { command: 'true' } }])).toThrow(/withTask\("web"\): tasks\.web\.taskRoleArn: [^\n]*"web-role"[\s\S]*declare it: \.withRole\("web-role"\)/);
    expect(builderHint('declare it: roles: { web-role: {} }')).toBe('declare it: .withRole("web-role")');
  });

  it('maps paths to calls', () => {
    expect(['instance.agentConfig.X', 'instance.docker[1]', 'instance.imds.hopLimit', 'tasks.web.containerDefinitions[0]', 'tasks["a b"].cpu', 'roles.r.trustPolicy', 'steps[0].expect', 'name'].map(builderCall)).toEqual([
      'withAgentConfig()',
      'withDocker()',
      'withInstance()',
      'withTask("web")',
      'withTask("a b")',
      'withRole("r")',
      'expect()',
      'new EcsInstanceContainer()',
    ]);
  });
});
