import { describe, expect, it } from 'vitest';
import { agentVersionString } from '../../../harness/agent/introspection.ts';
import { INSTANCE_ARN, request, T0, testAgent } from './helpers.ts';

describe('introspection API (port 51678)', () => {
  it('GET /v1/metadata: Cluster, ContainerInstanceArn and the agent version string', () => {
    const { agent } = testAgent();
    const res = agent.introspection(request('/v1/metadata'), T0);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toBe(`{"Cluster":"ecs-sim","ContainerInstanceArn":"${INSTANCE_ARN}","Version":"Amazon ECS Agent - v1.61.0 (ecs-sim)"}`);
  });

  it('formats the version as agent/version/formatting.go does', () => {
    expect(agentVersionString('1.89.0')).toMatch(/^Amazon ECS Agent - v1\.89\.0 \([^)]+\)$/);
  });

  it('answers null for the instance ARN before the harness has written the file', () => {
    const { agent } = testAgent({ state: 'absent' });
    expect(JSON.parse(agent.introspection(request('/v1/metadata'), T0).body)).toEqual({
      Cluster: '',
      ContainerInstanceArn: null,
      Version: 'Amazon ECS Agent - v1.61.0 (ecs-sim)',
    });
  });

  it('answers 500 {} when the file is unusable', () => {
    const { agent } = testAgent({ state: 'invalid', errors: ['x'] });
    expect(agent.introspection(request('/v1/metadata'), T0)).toMatchObject({ status: 500, body: '{}' });
  });

  it.each(['/', '/v1/nope', '/v1/credentials?id=x'])('%s: 200 with the command list, as the agent\'s "/" handler answers', (path) => {
    const { agent } = testAgent();
    const res = agent.introspection(request(path), T0);
    expect(res).toMatchObject({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(res.body).toBe('{"AvailableCommands":["/v1/metadata","/v1/tasks","/license"]}');
  });

  it('is neither rate limited nor audited', () => {
    const { agent, audit } = testAgent(undefined, { rpsLimit: { rate: 1, burst: 1 } });
    const statuses = Array.from({ length: 5 }, () => agent.introspection(request('/v1/metadata'), T0).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(agent.introspection(request('/v1/metadata'), T0).headers['x-rate-limit-limit']).toBeUndefined();
    expect(audit).toEqual([]);
  });
});
