import type { Handler, MockResponse } from '../http-types.ts';
import type { ImdsConfig } from './config.ts';
import { normalizeImdsPath, resolveImdsPath, type Resolution } from './listing.ts';
import { imdsError } from './pages.ts';
import { imdsRoutes } from './routes.ts';
import { createImdsState, type ImdsState } from './state.ts';
import { issueToken, TOKEN_PATH, withTokenCheck } from './token.ts';

/** One mock IMDS: its handler and the state behind it (tests read the state; nothing else does). */
export interface Imds {
  handle: Handler;
  state: ImdsState;
  config: ImdsConfig;
}

/**
 * Builds a mock IMDS (ECS-FACTS.md, IMDS). Dispatch:
 * - `/latest/api/token`: PUT issues a token (token.ts); any other method is 405.
 * - any other path: GET, behind the token check, then the route table; any other method is 405.
 *
 * The 405s are our choice: the reference mock registers its routes without a method filter
 * (gorilla/mux `HandleFunc` in `pkg/server/httpserver.go`), so it serves data to any method and
 * answers a GET on the token path with an empty 200 (`pkg/mock/imdsv2/tokengenerator.go`). We
 * could not confirm what EC2 answers; 405 keeps a probe from mistaking a wrong method for success.
 *
 * The token check wraps unknown paths too, so with tokens required a tokenless GET of a missing
 * path is 401, not 404 (the reference only wraps known paths): a prober learns nothing without a token.
 */
export function createImds(config: ImdsConfig, startedAt: Date = new Date()): Imds {
  const state = createImdsState(config, startedAt);
  const routes = imdsRoutes(config, state);
  const serveGet = withTokenCheck(config.tokens, state, (req, now) =>
    render(resolveImdsPath(routes, normalizeImdsPath(req.path), now)),
  );
  const handle: Handler = (req, now) => {
    if (normalizeImdsPath(req.path) === TOKEN_PATH) {
      return req.method === 'PUT' ? issueToken(req, now, state) : imdsError('method-not-allowed', { allow: 'PUT' });
    }
    return req.method === 'GET' ? serveGet(req, now) : imdsError('method-not-allowed', { allow: 'GET' });
  };
  return { handle, state, config };
}

/**
 * Values and listings are `text/plain`; JSON values are `application/json`, tab-indented, as the
 * reference's FormatAndReturnJSONResponse writes them (`pkg/server/httpserver.go`). Listings carry
 * no trailing newline, like the reference's sub-directory listings (CatchAllHandler).
 */
function render(resolution: Resolution): MockResponse {
  switch (resolution.kind) {
    case 'not-found':
      return imdsError('not-found');
    case 'listing':
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: resolution.entries.join('\n') };
    case 'value':
      return resolution.value.kind === 'text'
        ? { status: 200, headers: { 'content-type': 'text/plain' }, body: resolution.value.text }
        : { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(resolution.value.json, null, '\t') };
  }
}
