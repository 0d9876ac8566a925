import { CREDENTIALS_ID, idsIn, type RouteContext, type RouteResult } from '../route.ts';

/**
 * The agent's introspection API (`GET :51678/v1/tasks`: tasks and containers, no credentials
 * IDs, ecs-agent/introspection/v1/response.go) and the task's own metadata endpoint v4
 * (`$ECS_CONTAINER_METADATA_URI_V4/task`: no credentials ID, TaskResponse.CredentialsID is
 * `json:"-"`). Both are asked, and anything ID-shaped in their answers is tried.
 */
async function fromApi(ctx: RouteContext, route: 'introspection' | 'task-metadata', url: string): Promise<RouteResult> {
  const tried = `GET ${url}`;
  const r = await ctx.get(url);
  if (!r.ok) return { route, state: 'nothing', tried, why: `unreachable from the task: ${r.error}` };
  if (r.status !== 200) return { route, state: 'nothing', tried, why: `HTTP ${r.status}` };
  const ids = [...new Set(idsIn(r.body, CREDENTIALS_ID))];
  return ids.length
    ? { route, state: 'found', candidates: ids.map((id) => ({ id, where: `${url}: an ID in the answer` })), tried }
    : { route, state: 'nothing', tried, why: `HTTP 200, ${r.body.length} bytes, no ID in the answer` };
}

export const introspection = (ctx: RouteContext) => fromApi(ctx, 'introspection', `${ctx.introspection}/v1/tasks`);

export async function taskMetadata(ctx: RouteContext): Promise<RouteResult> {
  if (!ctx.metadataUri) return { route: 'task-metadata', state: 'nothing', tried: 'read ECS_CONTAINER_METADATA_URI_V4', why: 'the container has no task metadata endpoint' };
  return fromApi(ctx, 'task-metadata', `${ctx.metadataUri}/task`);
}
