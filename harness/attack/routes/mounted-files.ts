import { CREDENTIALS_ID, idsIn, type Candidate, type RouteContext, type RouteResult } from '../route.ts';
import { PSEUDO_FS, taskMounts } from './mounts.ts';

/** Bounds on the walk: an attacker reads what it can, but a probe must end. */
const MAX_FILES = 2000;
const MAX_DEPTH = 8;
const MAX_BYTES = 8 << 20;

/** A log line's truncated ID, as the agent writes it (ecs-agent/utils/utils.go TruncateString). */
const TRUNCATED = /[0-9a-f]{8}-REDACTED/g;

/**
 * Every file in the task's mounts, read as bytes and searched for credentials IDs: the agent's
 * state in /var/lib/ecs/data holds each task's `credentialsID` and `executionCredentialsID` (in
 * agent.db's JSON values, or ecs_agent_data.json); its log in /var/log/ecs names IDs only by
 * their first 8 characters ("4f9e2c1a-REDACTED"), which no endpoint accepts.
 */
export async function mountedFiles(ctx: RouteContext): Promise<RouteResult> {
  const all = await taskMounts(ctx.fs);
  const skip = all.filter((m) => PSEUDO_FS.has(m.fsType)).map((m) => m.mountPoint);
  const mounts = all.filter((m) => m.mountPoint !== '/var/run/docker.sock' && !PSEUDO_FS.has(m.fsType));
  if (mounts.length === 0) return { route: 'mounted-files', state: 'nothing', tried: "search the task's mounts", why: 'the task has no mounts' };
  const candidates: Candidate[] = [];
  const truncated = new Set<string>();
  let files = 0;
  const walk = async (path: string, from: string, depth: number): Promise<void> => {
    if (files >= MAX_FILES || depth > MAX_DEPTH || skip.includes(path)) return;
    const kind = await ctx.fs.kind(path);
    if (kind === 'dir') {
      const entries = await ctx.fs.readdir(path).catch(() => []);
      for (const e of entries) await walk(`${path === '/' ? '' : path}/${e}`, from, depth + 1);
    } else if (kind === 'file') {
      files++;
      const text = await ctx.fs.readFile(path, MAX_BYTES).then((b) => b.toString('latin1'), () => '');
      for (const id of new Set(idsIn(text, CREDENTIALS_ID))) candidates.push({ id, where: `${path}${from}` });
      for (const t of idsIn(text, TRUNCATED)) truncated.add(t);
    }
  };
  for (const m of mounts) await walk(m.mountPoint, '', 0);
  const tried = `read ${files} file${files === 1 ? '' : 's'} in ${mounts.map((m) => m.mountPoint).join(', ')}`;
  if (candidates.length) return { route: 'mounted-files', state: 'found', candidates, tried };
  const why = truncated.size
    ? `no whole credentials ID; ${truncated.size} truncated ones (${[...truncated].slice(0, 3).join(', ')}${truncated.size > 3 ? ', …' : ''}), as the agent logs them, which no endpoint accepts`
    : 'no credentials ID in them';
  return { route: 'mounted-files', state: 'nothing', tried, why };
}
