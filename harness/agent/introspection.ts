import type { Handler, MockResponse } from '../mocks/http-types.ts';
import type { CredentialsSource } from './credentials-reader.ts';
import { goBadRequest, goJson, urlPath } from './go-http.ts';

/**
 * The agent's introspection API on port 51678 (agent/handlers/introspection_server_setup.go), as
 * far as the simulation needs it: `GET /v1/metadata`. No rate limit and no audit log there.
 */

export const METADATA_PATH = '/v1/metadata';
export const TASKS_PATH = '/v1/tasks';

/**
 * The agent's route list; the `/` handler answers it for every path no other route takes, with
 * status 200 (a Go ServeMux `/` pattern matches everything). `/license` is listed because the
 * agent lists it; we do not simulate it, so it gets the list too.
 */
const AVAILABLE_COMMANDS = goJson({ AvailableCommands: [METADATA_PATH, '/v1/tasks', '/license'] });

/**
 * The short commit hash in the version string. Ours is a marker, not a hash, so nobody mistakes
 * the simulation for a real build.
 */
export const SIM_GIT_HASH = 'ecs-sim';

/** Used when the credentials file does not exist yet (a real agent serves 51678 only once registered). */
export const FALLBACK_AGENT_VERSION = '1.61.0';

/** agent/version/formatting.go `String()`: `Amazon ECS Agent - v<Version> (<GitShortHash>)`. */
export function agentVersionString(version: string): string {
  return `Amazon ECS Agent - v${version} (${SIM_GIT_HASH})`;
}

/** `{ Cluster, ContainerInstanceArn, Version }` (agent/handlers/v1/response.go `MetadataResponse`). */
export interface AgentMetadata {
  Cluster: string;
  /** A `*string` in the agent: `null` before the instance is registered. */
  ContainerInstanceArn: string | null;
  Version: string;
}

export function createIntrospectionHandler(source: CredentialsSource): Handler {
  return (req) => {
    const target = urlPath(req.path);
    if (!target.ok) return goBadRequest();
    // Not simulated: Go's ServeMux 301 for unclean paths (`//v1/metadata`); those get the list.
    if (target.path === TASKS_PATH) return tasksResponse(source);
    if (target.path !== METADATA_PATH) {
      // Go's `w.Write` without a content type sniffs one; for this JSON it is text/plain.
      return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: AVAILABLE_COMMANDS };
    }
    return metadataResponse(source);
  };
}

function metadataResponse(source: CredentialsSource): MockResponse {
  const read = source();
  // helpers.go `WriteResponseIfMarshalError`: 500 with `{}`, our answer when the state is unusable.
  if (read.state === 'invalid') return { status: 500, headers: { 'content-type': 'application/json' }, body: '{}' };
  const metadata: AgentMetadata =
    read.state === 'ready'
      ? { Cluster: read.store.instance.cluster, ContainerInstanceArn: read.store.instance.containerInstanceArn, Version: agentVersionString(read.store.instance.agentVersion) }
      : { Cluster: '', ContainerInstanceArn: null, Version: agentVersionString(FALLBACK_AGENT_VERSION) };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: goJson(metadata) };
}

/**
 * `GET /v1/tasks` (ecs-agent/introspection/v1/response.go TasksResponse): every task the agent
 * knows, with its containers' Docker IDs and names; no credentials ID (TaskResponse has none).
 * The `taskarn`/`dockerid` query forms are not simulated: the whole list is answered.
 */
function tasksResponse(source: CredentialsSource): MockResponse {
  const read = source();
  if (read.state === 'invalid') return { status: 500, headers: { 'content-type': 'application/json' }, body: '{}' };
  const tasks = read.state === 'ready' ? read.store.metadata : [];
  const body = {
    Tasks: tasks.map((t) => ({
      Arn: t.taskArn,
      DesiredStatus: t.status,
      KnownStatus: t.status,
      Family: t.family,
      Version: t.revision,
      Containers: t.containers.map((c) => ({ DockerId: c.dockerId, DockerName: c.name, Name: c.name, Image: '', ImageID: '' })),
    })),
  };
  return { status: 200, headers: { 'content-type': 'application/json' }, body: goJson(body) };
}
