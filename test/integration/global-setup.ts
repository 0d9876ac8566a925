import { execFileSync } from 'node:child_process';
import Docker from 'dockerode';
import { LABEL } from '../../harness/run/identity.ts';

/**
 * Before the integration suite: an engine must answer (with CI=true a missing engine fails the
 * run, it never skips it). Around it: the host's netfilter and routes are read (never changed,
 * with the host's own `iptables-save`) and compared afterwards, and no resource labelled
 * ecs-sim.run may remain (DESIGN.md principles 2 and 5).
 */
const hostState = (): string => {
  const read = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return `(${cmd} unavailable)`;
    }
  };
  // Counters and Docker's per-container rules change legitimately; compare rule text minus both.
  const rules = read('iptables-save', [])
    .split('\n')
    .filter((l) => !l.startsWith('#') && !/^:/.test(l))
    .map((l) => l.replace(/\[\d+:\d+\]/g, ''))
    .join('\n');
  return `${rules}\n--- routes\n${read('ip', ['route'])}\n--- rules\n${read('ip', ['rule'])}`;
};

export default async function setup(): Promise<() => Promise<void>> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(`integration tests need a Docker engine and none answers (${(err as Error).message}); run \`bash scripts/ensure-docker.sh\``);
  }
  const before = hostState();
  return async () => {
    const after = hostState();
    const filters = JSON.stringify({ label: [LABEL.run] });
    const left = [
      ...(await docker.listContainers({ all: true, filters })).map((c) => `container ${c.Names[0]}`),
      ...(await docker.listNetworks({ filters })).map((n) => `network ${n.Name}`),
      ...((await docker.listVolumes({ filters })).Volumes ?? []).map((v) => `volume ${v.Name}`),
    ];
    const problems: string[] = [];
    if (left.length) problems.push(`resources labelled ${LABEL.run} remain after the suite: ${left.join(', ')}`);
    if (after !== before) {
      const a = new Set(after.split('\n'));
      const b = new Set(before.split('\n'));
      const gone = [...b].filter((l) => !a.has(l)).map((l) => `- ${l}`);
      const added = [...a].filter((l) => !b.has(l)).map((l) => `+ ${l}`);
      problems.push(`the host's netfilter or routes changed during the suite:\n${[...gone, ...added].join('\n') || '(same lines, another order)'}`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
  };
}
