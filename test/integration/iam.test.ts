import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../harness/runner/run-scenario.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { loadScenarioFile, type Scenario } from '../../harness/scenario/index.ts';
import { leftovers, startRun } from './support.ts';

// The guide's IAM set-up end to end: real SDK clients in the tasks, the mocks deciding by the
// roles' policies through the IAM engine, the audit trail in the result.
describe('[slow] IAM as the guide describes it', () => {
  let run: SimRun;
  let scenario: Scenario;

  beforeAll(async () => {
    const loaded = await loadScenarioFile('scenarios/conformance/09-task-role-permissions.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    scenario = loaded.scenarios[0] as Scenario;
    run = await startRun();
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('holds, names the deciding statements, and audits every call with the task as the session', async () => {
    const r = await runScenario(run, scenario);
    expect({ state: r.state, error: r.error, tally: r.tally }).toMatchObject({ state: 'passed', tally: { wrong: 0, error: 0, ignored: 0 } });
    const step = r.steps[0];
    if (step?.state !== 'checked') throw new Error('the expect step did not run');
    const cell = (from: string, target: string) => step.cells.find((c) => c.from === from && c.target === target)?.judgement;
    expect(cell('reader', 's3-get-object:arn:aws:s3:::my-task-secrets-bucket/db-password')).toMatchObject({ actual: { evidence: { summary: expect.stringMatching(/statement "ReadSecrets" of the permission policy of role "secrets-role" allows it/) } } });
    expect(cell('neighbour', 'ecs-exec')).toMatchObject({ actual: { evidence: { summary: expect.stringMatching(/denied: ssmmessages:CreateControlChannel, ssmmessages:CreateDataChannel, ssmmessages:OpenControlChannel, ssmmessages:OpenDataChannel/) } } });
    expect(cell('reader', 'assume-role:secrets-role')).toMatchObject({ actual: { evidence: { summary: expect.stringMatching(/may assume itself only when its trust policy names it explicitly/) } } });
    expect(cell('neighbour', 'assume-role:worker-role')).toMatchObject({ actual: { evidence: { summary: expect.stringMatching(/statement "AssumeItself" of the trust policy of role "worker-role" allows it/) } } });
    const audit = r.audit ?? [];
    expect(audit.find((a) => a.eventName === 'GetObject' && a.errorCode === undefined)).toMatchObject({ eventSource: 's3.amazonaws.com', userIdentity: { arn: expect.stringMatching(/^arn:aws:sts::123456789012:assumed-role\/secrets-role\/[0-9a-f]{32}$/) } });
    expect(audit.find((a) => a.eventName === 'GetObject' && a.userIdentity?.arn.includes('/ecs-sim-instance-role/'))).toMatchObject({ errorCode: 'AccessDenied' });
    expect(audit.filter((a) => a.eventSource === 'ssmmessages.amazonaws.com').length).toBeGreaterThanOrEqual(8);
    // The credential endpoint: the reader's SDK fetched its role's credentials, as the agent logged.
    expect(audit.some((a) => a.eventSource === 'ecs-agent' && a.errorCode === undefined && a.userIdentity?.arn.includes(':assumed-role/secrets-role/'))).toBe(true);
  });
});
