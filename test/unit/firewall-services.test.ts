import { describe, expect, it } from 'vitest';
import { iptablesService } from '../../harness/instance/firewall-services.ts';

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
