import { CREDENTIALS_URI, idsIn, type Candidate, type RouteContext, type RouteResult } from '../route.ts';
import { taskMounts } from './mounts.ts';

/**
 * The instance's Docker engine, if the task has its socket (a `volumes` host path of
 * /var/run/docker.sock, mounted anywhere): every container's inspect holds its environment
 * (Config.Env: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) and its log options (HostConfig.LogConfig:
 * awslogs-credentials-endpoint, the execution role's URI), stopped containers included until the
 * agent cleans them up (Engine API, ContainerInspect).
 */
export async function dockerSocket(ctx: RouteContext): Promise<RouteResult> {
  const sockets = new Set<string>();
  for (const path of ['/var/run/docker.sock', '/run/docker.sock']) if ((await ctx.fs.kind(path)) === 'socket') sockets.add(path);
  for (const m of await taskMounts(ctx.fs)) if ((await ctx.fs.kind(m.mountPoint)) === 'socket') sockets.add(m.mountPoint);
  if (sockets.size === 0) return { route: 'docker-socket', state: 'nothing', tried: 'look for a Docker socket', why: 'no Docker socket is mounted in the task' };
  const candidates: Candidate[] = [];
  const problems: string[] = [];
  for (const socketPath of sockets) {
    const list = await ctx.get('http://docker/containers/json?all=1', { socketPath });
    if (!list.ok || list.status !== 200) {
      problems.push(`${socketPath}: ${list.ok ? `HTTP ${list.status}` : list.error}`);
      continue;
    }
    for (const c of JSON.parse(list.body) as Array<{ Id: string; Names?: string[] }>) {
      const inspect = await ctx.get(`http://docker/containers/${c.Id}/json`, { socketPath });
      if (!inspect.ok || inspect.status !== 200) {
        problems.push(`${socketPath}: inspect ${c.Id.slice(0, 12)}: ${inspect.ok ? `HTTP ${inspect.status}` : inspect.error}`);
        continue;
      }
      const info = JSON.parse(inspect.body) as { Name?: string; Config?: { Env?: string[] }; HostConfig?: { LogConfig?: { Config?: Record<string, string> } } };
      const name = (info.Name ?? c.Id).replace(/^\//, '');
      for (const e of info.Config?.Env ?? []) for (const id of idsIn(e, CREDENTIALS_URI)) candidates.push({ id, where: `${socketPath}: inspect of ${name}: ${e.slice(0, e.indexOf('='))}` });
      for (const [k, v] of Object.entries(info.HostConfig?.LogConfig?.Config ?? {})) for (const id of idsIn(v, CREDENTIALS_URI)) candidates.push({ id, where: `${socketPath}: inspect of ${name}: HostConfig.LogConfig ${k}` });
    }
  }
  const tried = `inspect every container through ${[...sockets].join(', ')}`;
  if (candidates.length) return { route: 'docker-socket', state: 'found', candidates, tried };
  if (problems.length) return { route: 'docker-socket', state: 'broken', tried, why: problems.join('; ').slice(0, 400) };
  return { route: 'docker-socket', state: 'nothing', tried, why: 'no container holds a credentials URI' };
}
