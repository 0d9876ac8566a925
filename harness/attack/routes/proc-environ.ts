import { CREDENTIALS_URI, idsIn, type Candidate, type RouteContext, type RouteResult } from '../route.ts';

/**
 * Every process the task can see, and its environment: /proc/<pid>/environ, where the agent's
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI sits in each task container's processes. In its own PID
 * namespace a task sees only itself; with `pidMode: host` it sees every process on the instance,
 * and the kernel lets it read the environment of those with its own user and no more capabilities
 * (ptrace access mode PTRACE_MODE_READ_FSCREDS, proc(5)).
 */
export async function procEnviron(ctx: RouteContext): Promise<RouteResult> {
  const tried = 'read /proc/*/environ of every visible process';
  let pids: string[];
  try {
    pids = (await ctx.fs.readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch (err) {
    return { route: 'proc-environ', state: 'broken', tried, why: `cannot list /proc: ${(err as Error).message}` };
  }
  const candidates: Candidate[] = [];
  let denied = 0;
  for (const pid of pids) {
    let env: string;
    try {
      env = (await ctx.fs.readFile(`/proc/${pid}/environ`, 1 << 20)).toString('latin1');
    } catch {
      denied++; // gone, or not ours to read
      continue;
    }
    const comm = await ctx.fs.readFile(`/proc/${pid}/comm`, 64).then((b) => b.toString().trim(), () => '?');
    for (const id of idsIn(env.replace(/\0/g, '\n'), CREDENTIALS_URI)) candidates.push({ id, where: `/proc/${pid}/environ (${comm}): AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` });
  }
  const seen = `${pids.length} process${pids.length === 1 ? '' : 'es'} visible${denied ? `, ${denied} unreadable` : ''}`;
  return candidates.length
    ? { route: 'proc-environ', state: 'found', candidates, tried: `${tried} (${seen})` }
    : { route: 'proc-environ', state: 'nothing', tried, why: `${seen}; no credentials URI in their environment` };
}
