/**
 * The paths of an ECS-optimized instance that matter to credential isolation, which the simulated
 * instance has too (images/instance/boot.sh makes the directories; the agent's stand-in writes
 * into them: harness/instance/agent-state.ts).
 */
export const INSTANCE_PATHS = {
  /** The instance's Docker engine (the nested dockerd's socket). */
  dockerSocket: '/var/run/docker.sock',
  /**
   * The agent's data directory: ecs-init mounts it into the agent as /data; its state there holds
   * every task's credential IDs (agent/api/task/task.go `credentialsID`, `executionCredentialsID`).
   */
  agentData: '/var/lib/ecs/data',
  /** The agent's log directory (ecs-init mounts it as /log): ecs-agent.log and audit.log. */
  agentLogs: '/var/log/ecs',
} as const;

/** /var/run is a symlink to /run on Debian and Amazon Linux alike: one socket, two spellings. */
const ALIASES: ReadonlyArray<[string, string]> = [['/run/', '/var/run/']];

/** A path with /run spelled /var/run, without a trailing slash. */
export function canonicalInstancePath(path: string): string {
  let p = path.replace(/\/+$/, '') || '/';
  for (const [from, to] of ALIASES) if (p === from.slice(0, -1) || p.startsWith(from)) p = to + p.slice(from.length);
  return p;
}

/**
 * Where the simulated instance has what a real one has: the paths above, the directories that
 * lead to them, and the system trees every Linux instance has. Anything else is a path the
 * simulation knows nothing of (the loader says so).
 */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/etc', '/tmp', '/var/lib/docker', '/var/log', '/usr', '/lib', '/bin', '/sbin', '/root', '/home', '/opt', '/mnt'];

export function instanceHasPath(path: string): boolean {
  const p = canonicalInstancePath(path);
  const known = Object.values(INSTANCE_PATHS);
  const under = (root: string) => p === root || p.startsWith(`${root}/`);
  return known.some((k) => under(k) || k.startsWith(`${p === '/' ? '' : p}/`)) || SYSTEM_TREES.some(under);
}
