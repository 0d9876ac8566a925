import { describe, expect, it } from 'vitest';
import { readyRead, request, sampleFile, T0, TASK_ARN, testAgent } from './helpers.ts';

const METADATA_ID = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const DOCKER_ID = 'd'.repeat(64);

function withMetadata() {
  return readyRead({
    ...sampleFile(),
    metadata: [{ taskArn: TASK_ARN, family: 'web', revision: '1', status: 'RUNNING', containers: [{ name: 'app', dockerId: DOCKER_ID, metadataId: METADATA_ID }] }],
  });
}

describe('task metadata endpoint v4 (ecs-agent/tmds/handlers/v4)', () => {
  it('/v4/<id>/task: the task, its containers, and no credentials ID', () => {
    const { agent, audit } = testAgent(withMetadata());
    const res = agent.credentials(request(`/v4/${METADATA_ID}/task`), T0);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ Cluster: 'ecs-sim', TaskARN: TASK_ARN, Family: 'web', Revision: '1', KnownStatus: 'RUNNING', LaunchType: 'EC2' });
    expect(body.Containers).toEqual([expect.objectContaining({ DockerId: DOCKER_ID, Name: 'app' })]);
    // TaskResponse.CredentialsID is `json:"-"`: neither ID appears anywhere in the answer.
    for (const t of sampleFile().tasks) expect(res.body).not.toContain(t.credentialsId);
    expect(audit).toEqual([]); // metadata requests are not audited
  });

  it('/v4/<id>: the container itself', () => {
    const { agent } = testAgent(withMetadata());
    const res = agent.credentials(request(`/v4/${METADATA_ID}`), T0);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ DockerId: DOCKER_ID, Name: 'app', Type: 'NORMAL' });
  });

  it.each([
    ['/v4/not-an-id/task', 'V4 task metadata handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: not-an-id'],
    ['/v4/not-an-id', 'V4 container metadata handler: unable to get container ID from request: unable to get docker ID from v3 endpoint ID: not-an-id'],
  ])('%s: 404 with the lookup failure as a JSON string', (path, message) => {
    const { agent } = testAgent(withMetadata());
    const res = agent.credentials(request(path), T0);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toBe(message);
  });
});

describe('introspection /v1/tasks (ecs-agent/introspection/v1/response.go)', () => {
  it('lists the tasks with their containers, and no credentials ID', () => {
    const { agent } = testAgent(withMetadata());
    const res = agent.introspection(request('/v1/tasks'), T0);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      Tasks: [{ Arn: TASK_ARN, DesiredStatus: 'RUNNING', KnownStatus: 'RUNNING', Family: 'web', Version: '1', Containers: [{ DockerId: DOCKER_ID, DockerName: 'app', Name: 'app', Image: '', ImageID: '' }] }],
    });
    for (const t of sampleFile().tasks) expect(res.body).not.toContain(t.credentialsId);
  });
});
