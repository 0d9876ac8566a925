import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import createDebug from 'debug';
import type { ExecResult } from '../engine/exec.ts';

const log = createDebug('ecs-sim:debug-bundle');

/**
 * A debug bundle: what a person needs to see why a scenario came out as it did, gathered from a
 * live instance before it is torn down (`ecs-sim run --debug-dir DIR`, and always when a scenario
 * errs). It only reads: every command below lists, shows or prints, and none changes the
 * instance, its tasks' namespaces or the mocks (a bundle must not alter what it documents).
 */

/** The parts of an instance a bundle reads, so that it can be tested without one. */
export interface BundleSource {
  name: string;
  exec(cmd: string[], opts?: { timeoutMs?: number }): Promise<ExecResult>;
  /** Running tasks: the nested container whose network namespace is the task's. */
  tasks: { name: string; containerId: string }[];
  /** The mocks container's log. */
  mocksLog(): Promise<string>;
}

/** The sysctls that decide whether IMDS and the agent are reachable (ECS-FACTS.md). */
const SYSCTLS = ['net.ipv4.ip_forward', 'net.ipv4.conf.all.route_localnet', 'net.ipv4.conf.docker0.route_localnet', 'net.bridge.bridge-nf-call-iptables', 'net.ipv4.conf.all.rp_filter'];

/** Network state, the same in the instance's and in each task's namespace. */
const NETWORK: Record<string, string> = {
  'iptables-save.txt': 'iptables-save',
  'iptables-legacy-save.txt': 'iptables-legacy-save',
  'nft-ruleset.txt': 'nft list ruleset',
  'ip-addr.txt': 'ip addr show',
  'ip-route.txt': 'ip route show table all',
  'ip-rule.txt': 'ip rule show',
  'ip-neigh.txt': 'ip neigh show',
};

/** The instance's own: conntrack, sysctls, the resolved ecs.config, and every log. */
const INSTANCE: Record<string, string> = {
  'conntrack.txt': 'conntrack -L',
  'sysctl.txt': `for k in ${SYSCTLS.join(' ')}; do printf '%s = %s\\n' "$k" "$(sysctl -n "$k" 2>&1)"; done`,
  'ecs.config': "cat /etc/ecs/ecs.config 2>/dev/null || echo '# no /etc/ecs/ecs.config: the scenario set no keys, every one is at its default'",
  // What the agent runs with, resolved by boot.sh as ecs-init resolves it for the real agent.
  'agent-environment.txt': "pid=$(pgrep -f /opt/ecs-sim/agent.mjs | head -n 1) && tr '\\0' '\\n' < /proc/$pid/environ | grep '^ECS_' | sort",
  'dockerd.log': 'cat /var/log/ecs-sim/dockerd.log',
  'agent.log': 'cat /var/log/ecs-sim/agent.log',
  'agent-requests.jsonl': 'cat /var/log/ecs-sim/agent-requests.jsonl',
  'audit.log': 'cat /var/log/ecs/audit.log',
  'boot-logs.txt': 'for f in /var/log/ecs-sim/*.log; do echo "--- $f ---"; cat "$f"; done',
  'docker-ps.txt': 'docker ps --all --no-trunc',
};

const TIMEOUT_MS = 20_000;

/** A task's namespace, entered from the instance through its container's PID. */
const inTask = (containerId: string, script: string) =>
  `pid=$(docker inspect --format '{{.State.Pid}}' ${containerId}) && nsenter --target "$pid" --net sh -c '${script.replace(/'/g, `'\\''`)}'`;

/** What a command printed, or why it could not: a file that says why is better than no file. */
async function capture(source: BundleSource, script: string): Promise<string> {
  try {
    const r = await source.exec(['sh', '-c', script], { timeoutMs: TIMEOUT_MS });
    return r.exitCode === 0 ? r.stdout : `# \`${script}\` exited ${r.exitCode}\n${r.stderr}${r.stdout}`;
  } catch (err) {
    return `# \`${script}\` could not run: ${(err as Error).message}\n`;
  }
}

/** Writes the bundle of one instance into `dir/<instance name>/`; returns that folder. */
export async function collectDebugBundle(source: BundleSource, dir: string): Promise<string> {
  const root = join(dir, source.name);
  const write = async (sub: string, file: string, text: Promise<string>) => {
    const folder = join(root, sub);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, file), await text);
  };
  log('collecting %s into %s', source.name, root);
  const jobs: Promise<void>[] = [];
  for (const [file, script] of Object.entries({ ...NETWORK, ...INSTANCE })) jobs.push(write('instance', file, capture(source, script)));
  for (const t of source.tasks) {
    for (const [file, script] of Object.entries(NETWORK)) jobs.push(write(join('tasks', t.name), file, capture(source, inTask(t.containerId, script))));
  }
  jobs.push(write('mocks', 'mocks.log', source.mocksLog().catch((err: Error) => `# the mocks' log could not be read: ${err.message}\n`)));
  await Promise.all(jobs);
  return root;
}

/** Every command a bundle runs, for the test that proves it only reads. */
export const BUNDLE_COMMANDS = { network: NETWORK, instance: INSTANCE, inTask };
