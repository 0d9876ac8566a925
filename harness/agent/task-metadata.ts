import type { MockResponse } from '../mocks/http-types.ts';
import type { TaskMetadataEntry } from './credentials-file.ts';
import type { CredentialsRead } from './credentials-reader.ts';
import { goJson } from './go-http.ts';

/**
 * The task metadata endpoint v4 on the credentials port (ecs-agent/tmds/handlers/v4/handlers.go):
 * `/v4/{id}` (the container's own metadata) and `/v4/{id}/task` (its task's), where `id` is the
 * container's V3EndpointID from ECS_CONTAINER_METADATA_URI_V4 (route variable `[^/]*`,
 * utils.AnythingButSlashRegEx). The answers hold no credentials: TaskResponse's CredentialsID is
 * `json:"-"` (ecs-agent/tmds/handlers/v4/state/response.go). The fields are a subset of the real
 * responses: the ones the agent's state gives (names, IDs, ARNs, statuses). The stats, tags and
 * v3 routes are not simulated (gorilla's 404).
 */

export type TaskMetadataRoute = { kind: 'container' | 'task'; id: string };

export function taskMetadataRoute(path: string): TaskMetadataRoute | undefined {
  const m = /^\/v4\/([^/]*)(\/task)?$/.exec(path);
  if (!m) return undefined;
  return { kind: m[2] ? 'task' : 'container', id: m[1] ?? '' };
}

export function taskMetadataResponse(route: TaskMetadataRoute, read: CredentialsRead): MockResponse {
  const json = { 'content-type': 'application/json' };
  const tasks = read.state === 'ready' ? read.store.metadata : [];
  const task = tasks.find((t) => t.containers.some((c) => c.metadataId === route.id));
  const container = task?.containers.find((c) => c.metadataId === route.id);
  if (!task || !container) {
    // agent/handlers/v4/tmdsstate.go: a lookup failure, answered 404 with the reason as a JSON string
    // (handlers.go getContainerErrorResponse / getTaskErrorResponse).
    const body =
      route.kind === 'task'
        ? `V4 task metadata handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: ${route.id}`
        : `V4 container metadata handler: unable to get container ID from request: unable to get docker ID from v3 endpoint ID: ${route.id}`;
    return { status: 404, headers: json, body: goJson(body) };
  }
  const cluster = read.state === 'ready' ? read.store.instance.cluster : '';
  return { status: 200, headers: json, body: goJson(route.kind === 'task' ? taskResponse(task, cluster) : containerResponse(task, container)) };
}

function containerResponse(task: TaskMetadataEntry, c: TaskMetadataEntry['containers'][number]): Record<string, unknown> {
  return {
    DockerId: c.dockerId,
    Name: c.name,
    Labels: { 'com.amazonaws.ecs.container-name': c.name, 'com.amazonaws.ecs.task-arn': task.taskArn, 'com.amazonaws.ecs.task-definition-family': task.family, 'com.amazonaws.ecs.task-definition-version': task.revision },
    DesiredStatus: task.status,
    KnownStatus: task.status,
    Type: 'NORMAL',
  };
}

function taskResponse(task: TaskMetadataEntry, cluster: string): Record<string, unknown> {
  return {
    Cluster: cluster,
    TaskARN: task.taskArn,
    Family: task.family,
    Revision: task.revision,
    DesiredStatus: task.status,
    KnownStatus: task.status,
    Containers: task.containers.map((c) => containerResponse(task, c)),
    LaunchType: 'EC2',
    FaultInjectionEnabled: false,
  };
}
