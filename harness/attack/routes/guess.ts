import { randomUUID } from 'node:crypto';
import type { RouteContext, RouteResult } from '../route.ts';

/**
 * Guessing: a few random v2 IDs. Each is a 122-bit random UUID, so none should ever be a live
 * one; the route is here to show that the endpoint answers guesses `400 InvalidIdInRequest`
 * (ecs-agent/tmds/handlers/v1/credentials_handler.go), not to find anything.
 */
export async function guess(ctx: RouteContext): Promise<RouteResult> {
  const ids = Array.from({ length: ctx.guesses }, () => randomUUID());
  return { route: 'guess', state: 'found', candidates: ids.map((id) => ({ id, where: 'a random guess' })), tried: `${ids.length} random v2 IDs` };
}
