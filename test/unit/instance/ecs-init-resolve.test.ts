import { describe, expect, it } from 'vitest';
import { postStopRules, preStartRules, ruleArgs, type HostFacts } from '../../../harness/instance/ecs-init/netfilter.ts';
import { resolveEcsConfig } from '../../../harness/instance/ecs-init/resolve.ts';
import { agentVersionProblem, DEFAULT_AGENT_VERSION, hasGate } from '../../../harness/instance/ecs-init/agent-versions.ts';

const NEWEST = DEFAULT_AGENT_VERSION;
const facts: HostFacts = { loopback: 'lo', dockerBridge: 'docker0', defaultRouteInterface: 'eth0', ipv6Kernel: true, ip6tables: true };
const lines = (text: string, version = NEWEST, f: HostFacts = facts) =>
  preStartRules(resolveEcsConfig(text, version), f).map((r) => `${r.tool} ${ruleArgs(r, r.add).join(' ')}`);

describe('resolveEcsConfig', () => {
  it('finds what the agent misreads: quotes, a spaced key, a typo, a repeated key', () => {
    const r = resolveEcsConfig('ECS_AWSVPC_BLOCK_IMDS="true"\nECS_ENABLE_TASK_IAM_ROLE = true\nECS_AWSVPC_BLOCK_IMSD=true\nECS_CLUSTER=a\nECS_CLUSTER=b\n', NEWEST);
    expect(r.agent.awsvpcBlockImds).toBe(false);
    // ecs-init's own default for the agent container stays: the spaced line never replaced it.
    expect(r.agent.taskIamRole).toBe(true);
    expect(r.agent.cluster).toBe('b');
    expect(r.findings.map((f) => [f.line, f.key, f.message])).toEqual([
      [1, 'ECS_AWSVPC_BLOCK_IMDS', 'ECS_AWSVPC_BLOCK_IMDS="true": the agent reads "\\"true\\"", not a boolean, and uses the default, false'],
      [2, 'ECS_ENABLE_TASK_IAM_ROLE', expect.stringContaining('ecs-init passes the agent a variable named "ECS_ENABLE_TASK_IAM_ROLE "')],
      [3, 'ECS_AWSVPC_BLOCK_IMSD', 'neither the agent nor ecs-init reads ECS_AWSVPC_BLOCK_IMSD (did you mean ECS_AWSVPC_BLOCK_IMDS?)'],
      [4, 'ECS_CLUSTER', 'ECS_CLUSTER is set again on line 5: only that last line counts'],
    ]);
    expect(r.findings[0]?.text).toBe('ECS_AWSVPC_BLOCK_IMDS="true"');
  });

  it('reads ecs-init keys through systemd: quotes and 1 are fine, yes is not', () => {
    expect(resolveEcsConfig('ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS="1"', NEWEST).ecsInit.allowOffhostIntrospectionAccess).toBe(true);
    const r = resolveEcsConfig('ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS=yes', NEWEST);
    expect(r.ecsInit.allowOffhostIntrospectionAccess).toBe(false);
    expect(r.findings[0]?.message).toContain('ecs-init reads "yes", not a boolean');
  });

  it('an unreadable ECS_ENABLE_TASK_IAM_ROLE turns task roles off (parseBooleanDefaultFalseConfig)', () => {
    const r = resolveEcsConfig('ECS_ENABLE_TASK_IAM_ROLE="true"', NEWEST);
    expect(r.capabilities.taskIamRole).toBe(false);
  });

  it('gates task roles on the release: none before 1.11.0, none for host mode before 1.12.0', () => {
    expect(resolveEcsConfig('', '1.10.3').capabilities).toEqual({ taskIamRole: false, taskIamRoleNetworkHost: false });
    expect(resolveEcsConfig('', '1.11.0').capabilities).toEqual({ taskIamRole: true, taskIamRoleNetworkHost: false });
    expect(resolveEcsConfig('', '1.12.0').capabilities).toEqual({ taskIamRole: true, taskIamRoleNetworkHost: true });
  });

  it('throttle and audit settings as the agent parses them', () => {
    expect(resolveEcsConfig('ECS_TASK_METADATA_RPS_LIMIT= 10 , 20', NEWEST).agent.rpsLimit).toEqual({ rate: 10, burst: 20 });
    expect(resolveEcsConfig('ECS_TASK_METADATA_RPS_LIMIT=0,5', NEWEST).agent.rpsLimit).toEqual({ rate: 40, burst: 60 });
    expect(resolveEcsConfig('ECS_AUDIT_LOGFILE_DISABLED=1', NEWEST).agent.auditLog.enabled).toBe(false);
  });

  it('reads the cleanup wait as Go time.ParseDuration, with the 1s minimum and the 3h default (agent/config)', () => {
    const wait = (v: string) => resolveEcsConfig(`ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=${v}\n`, NEWEST);
    expect(wait('30s').agent.taskCleanupWaitMs).toBe(30_000);
    expect(wait('1h30m').agent.taskCleanupWaitMs).toBe(5_400_000);
    expect(wait('1.5m').agent.taskCleanupWaitMs).toBe(90_000);
    expect(resolveEcsConfig('', NEWEST).agent.taskCleanupWaitMs).toBe(3 * 3_600_000);
    for (const bad of ['30', '500ms', '"30s"', '30 s']) {
      const r = wait(bad);
      expect(r.agent.taskCleanupWaitMs).toBe(3 * 3_600_000);
      expect(r.findings.map((f) => f.key)).toContain('ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION');
    }
  });

  it('sets ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE as ecs-init does on Amazon Linux, unless the file says otherwise', () => {
    expect(resolveEcsConfig('', NEWEST).agent.awslogsExecutionRoleOverride).toBe(true);
    expect(resolveEcsConfig('ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=false\n', NEWEST).agent.awslogsExecutionRoleOverride).toBe(false);
  });

  it('accepts releases from 1.0.0 to the newest simulated, nothing else', () => {
    expect(agentVersionProblem('1.90.0')).toBeUndefined();
    expect(agentVersionProblem('1.999.0')).toContain('newer than the newest release');
    expect(agentVersionProblem('latest')).toContain('not an agent version');
    expect(hasGate('1.86.1', 'partOfDocker')).toBe(true);
    expect(hasGate('1.86.0', 'partOfDocker')).toBe(false);
  });
});

describe("ecs-init's netfilter rules by release", () => {
  it('current releases: ! -i lo DROP under a bridge ACCEPT, in iptables and ip6tables', () => {
    expect(lines('')).toEqual([
      'iptables -t nat -A PREROUTING -p tcp -d 169.254.170.2 --dport 80 -j DNAT --to-destination 127.0.0.1:51679',
      'iptables -t filter -I INPUT --dst 127.0.0.0/8 ! --src 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
      'iptables -t filter -I INPUT -p tcp --dport 51678 ! -i lo -j DROP',
      'ip6tables -t filter -I INPUT -p tcp --dport 51678 ! -i lo -j DROP',
      'iptables -t filter -I INPUT -p tcp --dport 51678 -i docker0 -j ACCEPT',
      'ip6tables -t filter -I INPUT -p tcp --dport 51678 -i docker0 -j ACCEPT',
      'iptables -t nat -A OUTPUT -p tcp -d 169.254.170.2 --dport 80 -j REDIRECT --to-ports 51679',
    ]);
  });

  it('names the bridge dockerd uses, and skips the ACCEPT without one', () => {
    expect(lines('', NEWEST, { ...facts, dockerBridge: 'br-main' })).toContain('iptables -t filter -I INPUT -p tcp --dport 51678 -i br-main -j ACCEPT');
    expect(lines('', NEWEST, { ...facts, dockerBridge: undefined }).filter((l) => l.includes('ACCEPT'))).toEqual([]);
  });

  it('ip6tables only where IPv6 exists from 1.97.1; 1.97.0 looked only for the binary', () => {
    expect(lines('', NEWEST, { ...facts, ipv6Kernel: false }).filter((l) => l.startsWith('ip6tables'))).toEqual([]);
    expect(lines('', '1.97.0', { ...facts, ipv6Kernel: false }).filter((l) => l.startsWith('ip6tables'))).toHaveLength(2);
  });

  it('before 1.97.0: one DROP on an interface (eth0, then the setting, then the default route)', () => {
    const drop = (v: string, text = '', f = facts) => lines(text, v, f).filter((l) => l.includes('51678'));
    expect(drop('1.90.0', '', { ...facts, defaultRouteInterface: 'ens5' })).toEqual(['iptables -t filter -I INPUT -p tcp -i ens5 --dport 51678 -j DROP']);
    expect(drop('1.90.0', 'ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME=ens6')).toEqual(['iptables -t filter -I INPUT -p tcp -i ens6 --dport 51678 -j DROP']);
    expect(drop('1.60.1', '', { ...facts, defaultRouteInterface: 'ens5' })).toEqual(['iptables -t filter -I INPUT -p tcp -i eth0 --dport 51678 -j DROP']);
    expect(drop('1.50.0', 'ECS_OFFHOST_INTROSPECTION_INTERFACE_NAME=ens6')).toEqual(['iptables -t filter -I INPUT -p tcp -i eth0 --dport 51678 -j DROP']);
  });

  it('ECS_SKIP_LOCALHOST_TRAFFIC_FILTER and ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS leave their rules out', () => {
    const l = lines('ECS_SKIP_LOCALHOST_TRAFFIC_FILTER=true\nECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS=t');
    expect(l).toHaveLength(2);
  });

  it('post-stop deletes what pre-start added, the introspection DROP even when now allowed', () => {
    const cfg = resolveEcsConfig('ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS=true', NEWEST);
    const del = postStopRules(cfg, facts).map((r) => `${r.tool} ${ruleArgs(r, '-D').join(' ')}`);
    expect(del).toContain('iptables -t filter -D INPUT -p tcp --dport 51678 ! -i lo -j DROP');
    expect(del[0]).toContain('-D PREROUTING');
    expect(del.at(-1)).toContain('-D OUTPUT');
  });
});
