/**
 * ecs-init inside the simulated instance (bundled into images/instance as ecs-init.mjs and run by
 * boot.sh where ecs.service runs it: `pre-start` before the agent starts, `post-stop` after it
 * stops; packaging/amazon-linux-ami-integrated/ecs.service ExecStartPre / ExecStopPost).
 *   pre-start: resolve /etc/ecs/ecs.config for the release in ECS_SIM_AGENT_VERSION, set
 *              net.ipv4.conf.all.route_localnet=1 (ecs-init/exec/sysctl/sysctl.go Enable: `all`
 *              only), add the netfilter rules (netfilter.ts), write the resolved configuration and
 *              the agent's start-up config.
 *   post-stop: restore `all` from `default` (sysctl.go RestoreDefault), delete the rules, with the
 *              file as it is now (systemd reads EnvironmentFile anew for every command).
 * Exit codes: 0 done, 1 a step failed (pre-start: as the real one, the agent does not start).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { hasGate } from './agent-versions.ts';
import { AGENT_CREDENTIALS_FILE, AGENT_MAIN_CONFIG_FILE, AGENT_REQUEST_LOG, ECS_CONFIG_FILE, RESOLVED_CONFIG_FILE } from './files.ts';
import { postStopRules, preStartRules, ruleArgs, type HostFacts } from './netfilter.ts';
import { resolveEcsConfig, type ResolvedEcsConfig } from './resolve.ts';

const say = (line: string) => process.stderr.write(`ecs-init: ${line}\n`);

function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

function resolveNow(): ResolvedEcsConfig {
  const version = process.env.ECS_SIM_AGENT_VERSION ?? '';
  const text = existsSync(ECS_CONFIG_FILE) ? readFileSync(ECS_CONFIG_FILE, 'utf8') : '';
  return resolveEcsConfig(text, version);
}

/** GET on the instance's own Docker socket (ecs-init talks to dockerd the same way). */
function dockerGet(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: '/var/run/docker.sock', path, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`docker ${path}: ${res.statusCode} ${body}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`docker ${path}: no answer within 10s`)));
    req.on('error', reject);
    req.end();
  });
}

async function hostFacts(cfg: ResolvedEcsConfig): Promise<HostFacts> {
  let dockerBridge: string | undefined;
  // Only the releases that name the bridge ask Docker (ecs-init/engine/engine.go New); a failure
  // other than "no bridge network" fails ecs-init as a whole there.
  if (hasGate(cfg.agentVersion, 'introspectionLoopbackOnly')) {
    const filters = encodeURIComponent(JSON.stringify({ driver: { bridge: true } }));
    const networks = (await dockerGet(`/networks?filters=${filters}`)) as { Options?: Record<string, string> }[];
    dockerBridge = networks.find((n) => n.Options?.['com.docker.network.bridge.default_bridge'] === 'true')?.Options?.['com.docker.network.bridge.name'];
  }
  const route = readFileSync('/proc/net/route', 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  return {
    loopback: 'lo',
    dockerBridge,
    defaultRouteInterface: route.find((f) => f[1] === '00000000' && f[0] !== 'lo')?.[0],
    ipv6Kernel: existsSync('/proc/sys/net/ipv6'),
    ip6tables: existsSync('/usr/sbin/ip6tables'),
  };
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000, encoding: 'utf8' });
const sysctlPath = (key: string) => `/proc/sys/${key.replaceAll('.', '/')}`;

async function preStart(): Promise<void> {
  const cfg = resolveNow();
  for (const f of cfg.findings) say(`warning: ${f.line ? `line ${f.line}: ` : ''}${f.message}`);
  writeFileSync(sysctlPath('net.ipv4.conf.all.route_localnet'), '1');
  const facts = await hostFacts(cfg);
  for (const r of preStartRules(cfg, facts)) {
    say(`${r.tool} ${ruleArgs(r, r.add).join(' ')}`);
    run(r.tool, ruleArgs(r, r.add));
  }
  writeAtomically(RESOLVED_CONFIG_FILE, JSON.stringify({ ...cfg, facts }, null, 2));
  writeAtomically(
    AGENT_MAIN_CONFIG_FILE,
    JSON.stringify({
      nonce: process.env.ECS_SIM_NONCE ?? 'none',
      credentialsFile: AGENT_CREDENTIALS_FILE,
      // The agent container's /log is the host's /var/log/ecs (ecs-init/docker/docker.go getHostConfig).
      auditLogFile: cfg.agent.auditLog.enabled ? cfg.agent.auditLog.file.replace(/^\/log\//, '/var/log/ecs/') : null,
      requestLogFile: AGENT_REQUEST_LOG,
      rpsLimit: cfg.agent.rpsLimit,
    }),
  );
}

async function postStop(): Promise<void> {
  const cfg = resolveNow();
  const dflt = readFileSync(sysctlPath('net.ipv4.conf.default.route_localnet'), 'utf8').trim();
  writeFileSync(sysctlPath('net.ipv4.conf.all.route_localnet'), dflt);
  // Remove() ignores what is not there: the rules may never have been added.
  for (const r of postStopRules(cfg, await hostFacts(cfg))) {
    try {
      run(r.tool, ruleArgs(r, '-D'));
      say(`${r.tool} ${ruleArgs(r, '-D').join(' ')}`);
    } catch {
      say(`${r.tool} ${ruleArgs(r, '-D').join(' ')}: not there`);
    }
  }
}

const command = process.argv[2];
const steps: Record<string, () => Promise<void>> = { 'pre-start': preStart, 'post-stop': postStop };
const step = command === undefined ? undefined : steps[command];
if (!step) {
  say(`usage: ecs-init pre-start|post-stop (got ${command ?? 'nothing'})`);
  process.exit(2);
}
step().then(
  () => process.exit(0),
  (err: unknown) => {
    say(`${command} failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
