import type { ImdsRoutes, ImdsValue } from './routes.ts';

/** What a GET path names in the route table. */
export type Resolution =
  | { kind: 'value'; value: ImdsValue }
  | { kind: 'listing'; entries: string[] }
  | { kind: 'not-found' };

/**
 * Drops the query and one trailing `/` (except for `/` itself), as the reference mock's
 * `trailingSlashMiddleware` does (aws/amazon-ec2-metadata-mock `pkg/server/httpserver.go`), so
 * `/latest/meta-data/` and `/latest/meta-data` name the same directory.
 */
export function normalizeImdsPath(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  return path !== '/' && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * A path is a value, a directory, or nothing. A directory lists its immediate children, sorted,
 * one a line; a child that has children of its own ends in `/` (ECS-FACTS.md, IMDS; the
 * reference's CatchAllHandler in `pkg/mock/handlers/handlers.go` marks them the same way).
 */
export function resolveImdsPath(routes: ImdsRoutes, path: string, now: Date): Resolution {
  const leaf = routes.get(path);
  if (leaf !== undefined) return { kind: 'value', value: leaf(now) };
  const prefix = `${path}/`;
  const children = new Map<string, boolean>(); // name → has children
  for (const key of routes.keys()) {
    if (!key.startsWith(prefix) || key.length === prefix.length) continue;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    children.set(name, (children.get(name) ?? false) || slash >= 0);
  }
  if (children.size === 0) return { kind: 'not-found' };
  const entries = [...children].map(([name, isDir]) => (isDir ? `${name}/` : name)).sort();
  return { kind: 'listing', entries };
}
