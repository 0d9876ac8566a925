import { AMAZON_EC2_CONTAINER_SERVICE_FOR_EC2_ROLE } from '../../../harness/iam/managed/ec2-container-service-for-ec2-role.ts';
import { describe, expect, it } from 'vitest';
import { defineScenario, formatIssues, validateScenario, type Scenario } from '../../../harness/scenario/index.ts';

// A scenario written in TypeScript goes through the same schema and checks as a YAML file.
const base = defineScenario({
  apiVersion: 'ecs-sim/v1',
  name: 'typed',
  roles: { 'web-role': {} },
  tasks: {
    web: {
      taskRoleArn: 'arn:aws:iam::111122223333:role/web-role',
      containerDefinitions: [{ name: 'app', image: 'busybox', command: ['sleep', 'infinity'] }],
    },
  },
  steps: [
    { expect: { from: 'web', targets: { imds: 'allowed', 'own-credentials': 'allowed' } } },
    { reboot: {} },
    { exec: { task: 'web', command: 'id -u', stdout: '^0$' } },
  ],
});

function valid(input: unknown): Scenario {
  const result = validateScenario(input, 'test/unit/scenario/define.test.ts');
  if (!result.ok) throw new Error(formatIssues(result.errors));
  return result.scenario;
}

describe('defineScenario + validateScenario', () => {
  it('returns its argument unchanged', () => {
    const input = { apiVersion: 'ecs-sim/v1', name: 'x', steps: [{ reboot: true }] } as const;
    expect(defineScenario({ ...input, steps: [{ reboot: true }] })).toEqual(input);
  });

  it('applies every default', () => {
    const scenario = valid(base);
    expect(scenario.instance).toEqual({
      kind: 'ec2',
      account: '123456789012',
      region: 'us-east-1',
      agentConfig: {},
      agentVersion: '1.105.1',
      agent: {
        agentVersion: '1.105.1',
        disablePrivileged: false,
        cluster: 'default',
        taskIamRole: true,
        taskIamRoleNetworkHost: true,
        awsvpcBlockImds: false,
        skipLocalhostTrafficFilter: false,
        allowOffhostIntrospectionAccess: false,
        auditLog: { enabled: true, file: '/log/audit.log' },
        taskMetadataRpsLimit: { rate: 40, burst: 60 },
      },
      iptables: 'nft',
      everyBoot: [],
      dockerdArgs: [],
      persistence: 'none',
      firewalld: 'none',
      nftablesService: 'none',
      ipv6: false,
      imds: { tokens: 'optional', hopLimit: 1, instanceRole: 'ecs-sim-instance-role', ipv6Endpoint: 'disabled', instancePolicy: AMAZON_EC2_CONTAINER_SERVICE_FOR_EC2_ROLE },
    });
    expect(scenario.roles['web-role']?.trustPolicy.Statement[0]?.Principal).toEqual({ Service: ['ecs-tasks.amazonaws.com'] });
    const web = scenario.tasks.web;
    expect(web).toMatchObject({ name: 'web', family: 'web', networkMode: 'bridge', taskRole: 'web-role', sim: { capAdd: [], start: true } });
    expect(web?.containers[0]).toMatchObject({ essential: true, privileged: false, environment: [], capabilities: { add: [], drop: [] } });
  });

  it('normalises steps into a discriminated union', () => {
    const steps = valid(base).steps;
    expect(steps.map((s) => s.kind)).toEqual(['expect', 'reboot', 'exec']);
    const [expectStep, , exec] = steps;
    expect(expectStep?.kind === 'expect' && expectStep.expectations).toEqual([
      { from: { kind: 'task', task: 'web' }, target: { kind: 'imds', id: 'imds' }, verdict: { kind: 'allowed' } },
      { from: { kind: 'task', task: 'web' }, target: { kind: 'own-credentials', id: 'own-credentials' }, verdict: { kind: 'allowed' } },
    ]);
    expect(exec).toEqual({ index: 2, kind: 'exec', task: 'web', container: 'app', command: ['/bin/sh', '-c', 'id -u'], exitCode: 0, stdout: '^0$' });
  });

  it('has no line numbers for errors, since an object has none', () => {
    const result = validateScenario({ ...base, steps: [{ expect: { from: 'web', targets: { imdss: 'allowed' } } }] }, 'scenarios/typed.ts');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatIssues(result.errors)).toBe(
      'scenarios/typed.ts: steps[0].expect.targets.imdss: unknown target "imdss" (did you mean "imds"?)\n' +
        '    fix: targets: imds, imds-token, imds-credentials, own-credentials, credentials-of:<task>, execution-credentials-of:<task>, credentials-by-id:<task>, task-metadata, sts-identity, assume-role:<role>, s3-get-object:<object ARN>, ecs-exec, agent-introspection',
    );
  });

  it('reads referenced files relative to the source name, or to baseDir', () => {
    const input = defineScenario({
      apiVersion: 'ecs-sim/v1',
      name: 'files',
      // The account the policy's conditions name (aws:SourceAccount 111122223333).
      instance: { account: '111122223333' },
      roles: { 'worker-role': { trustPolicy: 'policies/task-trust.json' } },
      tasks: { worker: { file: 'tasks/worker.json' } },
      steps: [{ reboot: {} }],
    });
    const byName = validateScenario(input, 'test/fixtures/scenarios/valid/typed.ts');
    const byDir = validateScenario(input, 'typed.ts', { baseDir: 'test/fixtures/scenarios/valid' });
    for (const result of [byName, byDir]) {
      if (!result.ok) throw new Error(formatIssues(result.errors));
      expect(result.scenario.tasks.worker?.taskRole).toBe('worker-role');
    }
    if (byName.ok) expect(byName.scenario.tasks.worker?.definitionFile).toBe('test/fixtures/scenarios/valid/tasks/worker.json');
  });

  it('types the vocabulary: one key per step, known targets and verdicts', () => {
    const typed = defineScenario({
      apiVersion: 'ecs-sim/v1',
      name: 'types',
      steps: [
        { expect: { from: 'instance', targets: { 'credentials-of:web': 'not-leaked', 'sts-identity': 'identity:r' } } },
        // @ts-expect-error "blokced" is not a verdict
        { expect: { from: 'instance', targets: { imds: 'blokced' } } },
        // @ts-expect-error "imdss" is not a target
        { expect: { from: 'instance', targets: { imdss: 'allowed' } } },
        // @ts-expect-error a step has exactly one key
        { reboot: {}, 'restart-docker': {} },
      ],
    });
    expect(typed.steps).toHaveLength(4);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [undefined, null, 0, 'x', [], {}, { apiVersion: 3 }, { apiVersion: 'ecs-sim/v1', steps: [null, 'reboot', { exec: [] }], tasks: { web: null } }]) {
      expect(validateScenario(input, 'odd.ts').ok).toBe(false);
    }
  });
});
