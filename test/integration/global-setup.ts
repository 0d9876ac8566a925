import { execFileSync, spawn } from 'node:child_process';
import Docker from 'dockerode';
import { gc } from '../../harness/run/gc.ts';
import { LABEL } from '../../harness/run/identity.ts';

/**
 * Before the integration suite: an engine must answer (with CI=true a missing engine fails the
 * run, it never skips it). Around it: the host's netfilter and routes are read (never changed,
 * with the host's own `iptables-save`) and compared afterwards, and no resource labelled
 * ecs-sim.run may remain (DESIGN.md principles 2 and 5), in both IP families; and no packet may
 * leave the host for the real metadata service's addresses.
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
  const rules6 = read('ip6tables-save', [])
    .split('\n')
    .filter((l) => !l.startsWith('#') && !/^:/.test(l))
    .map((l) => l.replace(/\[\d+:\d+\]/g, ''))
    .join('\n');
  // A link-local route (fe80::/64) comes and goes with each interface the engine creates; leave
  // those out (DESIGN.md, IPv6 on the link network).
  const routes6 = read('ip', ['-6', 'route'])
    .split('\n')
    .filter((l) => !l.startsWith('fe80::/64'))
    .join('\n');
  return `${rules}\n--- ip6tables\n${rules6}\n--- routes\n${read('ip', ['route'])}\n--- ipv6 routes\n${routes6}\n--- rules\n${read('ip', ['rule'])}`;
};

/**
 * Counts, with tcpdump on the host's own outward interfaces (those of its default routes), the
 * packets that leave the host for the metadata addresses: the real IMDS of this machine must
 * never see one of ours. Capturing reads packets; it changes nothing.
 */
function watchOutboundMetadata(): { stop(): Promise<number> } | { missing: string } {
  const devs = new Set<string>();
  for (const args of [['route', 'show', 'default'], ['-6', 'route', 'show', 'default']]) {
    try {
      for (const m of execFileSync('ip', args, { encoding: 'utf8' }).matchAll(/\bdev (\S+)/g)) devs.add(m[1]!);
    } catch {
      // no such family
    }
  }
  try {
    execFileSync('tcpdump', ['--version'], { stdio: 'ignore' });
  } catch {
    return { missing: 'tcpdump is not installed (apt-get install tcpdump): the count of packets leaving the host for 169.254.169.254 and fd00:ec2::254 cannot be taken' };
  }
  const filter = 'dst host 169.254.169.254 or dst host fd00:ec2::254';
  const procs = [...devs].map((dev) => spawn('tcpdump', ['-i', dev, '-n', '-p', '-l', '-q', filter], { stdio: ['ignore', 'pipe', 'ignore'] }));
  const lines: string[] = [];
  for (const p of procs) p.stdout.on('data', (d: Buffer) => lines.push(...d.toString('utf8').split('\n').filter(Boolean)));
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 500)); // let tcpdump flush what it saw last
      for (const p of procs) p.kill('SIGINT');
      await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(0) : p.once('exit', r)))));
      return lines.length;
    },
  };
}

export default async function setup(): Promise<() => Promise<void>> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(`integration tests need a Docker engine and none answers (${(err as Error).message}); run \`bash scripts/ensure-docker.sh\``);
  }
  // A killed earlier run (a suite interrupted on this machine, or an engine whose data directory
  // outlived its machine) leaves containers, networks and their host rules behind; the first run
  // of the suite would remove them (every run collects dead runs first) and the comparison below
  // would blame the suite for the host's rules changing. Collect them before reading the host.
  const cleaned = await gc(docker);
  if (cleaned.runs.length) {
    process.stderr.write(`ecs-sim tests: removed what ${cleaned.runs.length} dead run(s) left behind (${cleaned.containers} container(s), ${cleaned.networks} network(s), ${cleaned.volumes} volume(s)) before reading the host's state\n`);
  }
  const before = hostState();
  const watch = watchOutboundMetadata();
  if ('missing' in watch && process.env.CI) throw new Error(watch.missing);
  if ('missing' in watch) process.stderr.write(`ecs-sim tests: ${watch.missing}\n`);
  return async () => {
    const leaked = 'stop' in watch ? await watch.stop() : 0;
    const after = hostState();
    const filters = JSON.stringify({ label: [LABEL.run] });
    const left = [
      ...(await docker.listContainers({ all: true, filters })).map((c) => `container ${c.Names[0]}`),
      ...(await docker.listNetworks({ filters })).map((n) => `network ${n.Name}`),
      ...((await docker.listVolumes({ filters })).Volumes ?? []).map((v) => `volume ${v.Name}`),
    ];
    const problems: string[] = [];
    if (leaked > 0) problems.push(`${leaked} packet(s) left the host for 169.254.169.254 or fd00:ec2::254 during the suite`);
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
