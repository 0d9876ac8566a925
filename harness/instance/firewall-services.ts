import type { ExecResult } from '../engine/exec.ts';

/** What a firewall-service step did: `ok` with the service's output, or `failed` with its exit. */
export type ServiceOutcome = { state: 'ok' | 'failed'; detail: string };

/**
 * `systemctl <action> iptables` (and `service iptables save`) of the AMI's iptables-services
 * package, run by images/instance/iptables-service.sh with the semantics of its iptables.init:
 * restart and stop flush every table and delete every chain (Docker's included, moby#12294),
 * start restores /etc/sysconfig/iptables over the tables it names. Exit 6 is the real script's
 * "No config file".
 */
export async function iptablesService(instance: { exec(cmd: string[], opts?: { timeoutMs?: number }): Promise<ExecResult> }, action: 'restart' | 'stop' | 'start' | 'save'): Promise<ServiceOutcome> {
  const r = await instance.exec(['ecs-sim-iptables-service', action], { timeoutMs: 60_000 });
  const out = `${r.stdout}${r.stderr}`.trim().slice(0, 600);
  const what = action === 'save' ? 'service iptables save' : `systemctl ${action} iptables`;
  if (r.exitCode !== 0) return { state: 'failed', detail: `\`${what}\` exited ${r.exitCode}${r.exitCode === 6 ? ' (no /etc/sysconfig/iptables)' : ''}${out ? `\n${out}` : ''}` };
  return { state: 'ok', detail: `\`${what}\` done${out ? `: ${out}` : ''}` };
}
