import { describe, expect, it } from 'vitest';
import { instanceEnv } from '../../harness/instance/config.ts';
import { firewalld, iptablesService, nftablesService } from '../../harness/instance/firewall-services.ts';
import { instanceConfig } from '../../harness/runner/scenario-config.ts';
import { validateScenario } from '../../harness/scenario/index.ts';

const instanceAnswering = (exitCode: number, stderr = '') => {
  const calls: string[][] = [];
  return { calls, exec: async (cmd: string[]) => (calls.push(cmd), { exitCode, stdout: '', stderr }) };
};

describe('iptables-service step', () => {
  it('runs the service script in the instance and reports what a user would type', async () => {
    const i = instanceAnswering(0);
    expect(await iptablesService(i, 'restart')).toEqual({ state: 'ok', detail: '`systemctl restart iptables` done' });
    expect(await iptablesService(i, 'save')).toEqual({ state: 'ok', detail: '`service iptables save` done' });
    expect(i.calls).toEqual([['ecs-sim-iptables-service', 'restart'], ['ecs-sim-iptables-service', 'save']]);
  });

  it('fails with the real script\'s meaning of exit 6: no /etc/sysconfig/iptables', async () => {
    const r = await iptablesService(instanceAnswering(6, 'iptables: No config file.'), 'start');
    expect(r).toEqual({ state: 'failed', detail: '`systemctl start iptables` exited 6 (no /etc/sysconfig/iptables)\niptables: No config file.' });
  });
});

describe('firewalld and nftables-service steps', () => {
  it('run their scripts and report the command a user would type', async () => {
    const i = instanceAnswering(0);
    expect(await firewalld(i, 'complete-reload')).toEqual({ state: 'ok', detail: '`firewall-cmd --complete-reload` done' });
    expect(await nftablesService(i, 'reload')).toEqual({ state: 'ok', detail: '`systemctl reload nftables` done' });
    expect(i.calls).toEqual([['ecs-sim-firewalld', 'complete-reload'], ['ecs-sim-nftables-service', 'reload']]);
  });

  it("fail with firewall-cmd's meaning of exit 252: firewalld is not running", async () => {
    const r = await firewalld(instanceAnswering(252, 'FirewallD is not running'), 'reload');
    expect(r).toEqual({ state: 'failed', detail: '`firewall-cmd --reload` exited 252 (firewalld is not running)\nFirewallD is not running' });
  });
});

describe('instance.firewalld and instance.nftablesService', () => {
  const scenario = (instance: Record<string, unknown>) => ({
    apiVersion: 'ecs-sim/v1',
    name: 'fw',
    instance,
    tasks: { web: { containerDefinitions: [{ name: 'app', image: 'ecs-sim/probe:latest' }] } },
    steps: [{ firewalld: 'reload' }, { 'nftables-service': 'reload' }, { expect: { from: 'web', targets: { imds: 'allowed' } } }],
  });

  it('reach the boot script as ECS_SIM_FIREWALLD and ECS_SIM_NFTABLES_SERVICE', () => {
    const r = validateScenario(scenario({ firewalld: 'iptables', nftablesService: 'own-table' }), 'fw.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const env = instanceEnv(instanceConfig(r.scenario.instance), { gateway: '169.254.0.1', imdsVia: '169.254.0.1' }, 'n');
    expect(env).toEqual(expect.arrayContaining(['ECS_SIM_FIREWALLD=iptables', 'ECS_SIM_NFTABLES_SERVICE=own-table']));
  });

  it('note that the legacy front end keeps Docker out of nftables.service\'s flush', () => {
    const r = validateScenario(scenario({ firewalld: 'nftables', nftablesService: 'flush-ruleset', iptables: 'legacy' }), 'fw.yaml');
    expect(r.ok).toBe(true);
    expect(r.notes.map((n) => `${n.path}: ${n.message}`)).toContainEqual(expect.stringMatching(/^instance\.nftablesService: .*legacy tables/));
  });
});
