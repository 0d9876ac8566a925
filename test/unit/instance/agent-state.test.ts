import { describe, expect, it } from 'vitest';
import type Docker from 'dockerode';
import { agentLogLines, agentStateFile, credentialsFileOf, truncateCredentialsId } from '../../../harness/instance/agent-state.ts';
import type { RunningTask, TaskRoleCredentials, TaskState } from '../../../harness/tasks/task.ts';
import { awslogsConfig, dockerMounts, metadataEnvironment } from '../../../harness/tasks/task-set.ts';

const creds = (key: string, role: string): TaskRoleCredentials => ({ roleArn: `arn:aws:iam::123456789012:role/${role}`, AccessKeyId: key, SecretAccessKey: 's', Token: 't', Expiration: '2030-01-01T06:00:00Z' });
const APP = '11111111-2222-4333-8444-555555555555';
const EXEC = '66666666-7777-4888-9999-aaaaaaaaaaaa';

function task(): RunningTask {
  const container = { id: 'c'.repeat(64) } as Docker.Container;
  return {
    spec: { name: 'web', family: 'web-family' },
    name: 'web',
    networkMode: 'bridge',
    taskId: 'f'.repeat(32),
    taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/default/ffff',
    credentialsId: APP,
    credentials: creds('ECSSIM-app', 'app'),
    executionCredentialsId: EXEC,
    executionCredentials: creds('ECSSIM-exec', 'exec'),
    metadataIds: new Map([['app', '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d']]),
    containers: new Map([['app', container]]),
    container,
    containerId: container.id,
    taskVolumes: [],
  };
}
const identity = { cluster: 'default', containerInstanceArn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/default/1', agentVersion: '1.105.1' };

describe("the agent's view of its tasks", () => {
  it('serves both roles of a running task, only the execution role of a stopped one (agent/engine/task_manager.go)', () => {
    const t = task();
    const running = credentialsFileOf(identity, { running: [t], stopped: [] });
    expect(running.tasks.map((e) => [e.credentialsId, e.roleType])).toEqual([[APP, 'TaskApplication'], [EXEC, 'TaskExecution']]);
    const stopped = credentialsFileOf(identity, { running: [], stopped: [{ task: t, cleanupAt: 0 }] });
    expect(stopped.tasks.map((e) => [e.credentialsId, e.roleType])).toEqual([[EXEC, 'TaskExecution']]);
    expect(stopped.metadata?.[0]).toMatchObject({ status: 'STOPPED', family: 'web-family', containers: [{ name: 'app', metadataId: '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' }] });
  });

  it("keeps both IDs in its state file, as agent/api/task/task.go's json tags name them", () => {
    const state = JSON.parse(agentStateFile({ running: [task()], stopped: [] }));
    expect(state.Data.TaskEngine.Tasks[0]).toMatchObject({ credentialsID: APP, executionCredentialsID: EXEC, DesiredStatus: 'RUNNING' });
  });

  it('logs new credentials and their cleanup with IDs truncated to 8 characters (ecs-agent/utils TruncateString)', () => {
    expect(truncateCredentialsId(APP)).toBe('11111111-REDACTED');
    const t = task();
    const empty: TaskState = { running: [], stopped: [] };
    const started = agentLogLines(empty, { running: [t], stopped: [] }, new Date('2030-01-01T00:00:00Z'));
    expect(started).toEqual([
      'level=info time=2030-01-01T00:00:00Z msg="Found application credentials for task" taskARN="arn:aws:ecs:us-east-1:123456789012:task/default/ffff" taskVersion="1" roleARN="arn:aws:iam::123456789012:role/app" roleType="TaskApplication" credentialsID="11111111-REDACTED"',
      'level=info time=2030-01-01T00:00:00Z msg="Found execution credentials for task" taskARN="arn:aws:ecs:us-east-1:123456789012:task/default/ffff" taskVersion="1" roleARN="arn:aws:iam::123456789012:role/exec" roleType="TaskExecution" credentialsID="66666666-REDACTED"',
    ]);
    for (const line of started) expect(line).not.toContain(APP);
    const cleaned = agentLogLines({ running: [], stopped: [{ task: t, cleanupAt: 0 }] }, empty, new Date('2030-01-01T03:00:00Z'));
    expect(cleaned).toEqual([`level=info time=2030-01-01T03:00:00Z msg="Cleaning up task's execution credentials" task="${'f'.repeat(32)}" credentialsID="66666666-REDACTED"`]);
  });
});

describe('what the agent hands Docker', () => {
  it('awslogs: the execution role endpoint only with the override, non-blocking, the stream prefix made a stream', () => {
    const opts = { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'web' };
    expect(awslogsConfig(opts, EXEC, true, { container: 'app', taskId: 'abc' })).toEqual({
      Type: 'awslogs',
      Config: { mode: 'non-blocking', 'awslogs-group': '/ecs/web', 'awslogs-stream': 'web/app/abc', 'awslogs-credentials-endpoint': `/v2/credentials/${EXEC}` },
    });
    expect(awslogsConfig({ mode: 'blocking' }, EXEC, false, { container: 'app', taskId: 'abc' }).Config).toEqual({ mode: 'blocking' });
  });

  it('host volumes as Binds (":ro" when read-only), Docker volumes by their per-task name', () => {
    const r = dockerMounts(
      [
        { kind: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true },
        { kind: 'volume', volume: 'scratch', target: '/scratch', readOnly: false },
      ],
      new Map([['scratch', 'ecs-web-1-scratch-abc']]),
    );
    expect(r).toEqual({ binds: ['/var/run/docker.sock:/var/run/docker.sock:ro'], mounts: [{ Type: 'volume', Source: 'ecs-web-1-scratch-abc', Target: '/scratch', ReadOnly: false }] });
  });

  it('task metadata endpoints v3 and v4 share the container ID (agent/api/task/task.go)', () => {
    expect(metadataEnvironment('x')).toEqual(['ECS_CONTAINER_METADATA_URI=http://169.254.170.2/v3/x', 'ECS_CONTAINER_METADATA_URI_V4=http://169.254.170.2/v4/x']);
  });
});
