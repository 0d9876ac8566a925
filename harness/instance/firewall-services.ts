import type { ExecResult } from '../engine/exec.ts';

/** What a firewall-service step did: `ok` with the service's output, or `failed` with its exit. */
export type ServiceOutcome = { state: 'ok' | 'failed'; detail: string };

type Instance = { exec(cmd: string[], opts?: { timeoutMs?: number }): Promise<ExecResult> };

/**
 * The AMI's firewall services a scenario can enable and act on. One list of each: the schema,
 * the model, the boot script's environment and the README read these.
 */

/** `systemctl <action> iptables` / `service iptables save` (iptables-services): always there. */
export const IPTABLES_SERVICE_ACTIONS = ['restart', 'stop', 'start', 'save'] as const;
export type IptablesServiceAction = (typeof IPTABLES_SERVICE_ACTIONS)[number];

/**
 * `instance.firewalld`: firewalld's FirewallBackend in /etc/firewalld/firewalld.conf, or `none`
 * (not running, as on the ECS-optimized AMIs). Debian's firewalld (bookworm 1.3, trixie and sid
 * 2.x) defaults to nftables; `iptables` is the backend of firewalld before 0.6 (CentOS 7).
 */
export const FIREWALLD_SETTINGS = ['none', 'nftables', 'iptables'] as const;
export type FirewalldSetting = (typeof FIREWALLD_SETTINGS)[number];
/** `firewall-cmd --reload` / `firewall-cmd --complete-reload`. */
export const FIREWALLD_ACTIONS = ['reload', 'complete-reload'] as const;
export type FirewalldAction = (typeof FIREWALLD_ACTIONS)[number];

/**
 * `instance.nftablesService`: nftables.service enabled, with Debian's default /etc/nftables.conf
 * (`flush-ruleset`: it begins with `flush ruleset`) or one that replaces only its own table
 * (`own-table`, the fix of docker/for-linux#1472's thread); `none`: not enabled.
 */
export const NFTABLES_SERVICE_SETTINGS = ['none', 'flush-ruleset', 'own-table'] as const;
export type NftablesServiceSetting = (typeof NFTABLES_SERVICE_SETTINGS)[number];
/** `systemctl <action> nftables`, as Debian's nftables.service runs it. */
export const NFTABLES_SERVICE_ACTIONS = ['restart', 'reload', 'start', 'stop'] as const;
export type NftablesServiceAction = (typeof NFTABLES_SERVICE_ACTIONS)[number];

/** Runs one service command in the instance; `what` is how a user would have typed it. */
async function serviceCommand(instance: Instance, cmd: string[], what: string, exitMeaning: Record<number, string> = {}): Promise<ServiceOutcome> {
  const r = await instance.exec(cmd, { timeoutMs: 60_000 });
  const out = `${r.stdout}${r.stderr}`.trim().slice(0, 600);
  const meaning = exitMeaning[r.exitCode];
  if (r.exitCode !== 0) return { state: 'failed', detail: `\`${what}\` exited ${r.exitCode}${meaning ? ` (${meaning})` : ''}${out ? `\n${out}` : ''}` };
  return { state: 'ok', detail: `\`${what}\` done${out ? `: ${out}` : ''}` };
}

/**
 * `systemctl <action> iptables` (and `service iptables save`) of the AMI's iptables-services
 * package, run by images/instance/iptables-service.sh with the semantics of its iptables.init:
 * restart and stop flush every table and delete every chain (Docker's included, moby#12294),
 * start restores /etc/sysconfig/iptables over the tables it names. Exit 6 is the real script's
 * "No config file".
 */
export function iptablesService(instance: Instance, action: IptablesServiceAction): Promise<ServiceOutcome> {
  const what = action === 'save' ? 'service iptables save' : `systemctl ${action} iptables`;
  return serviceCommand(instance, ['ecs-sim-iptables-service', action], what, { 6: 'no /etc/sysconfig/iptables' });
}

/**
 * `firewall-cmd --reload` (or `--complete-reload`) against the real firewalld that boot.sh
 * started before dockerd (images/instance/firewalld.sh). With the iptables backend a reload
 * flushes every iptables table (moby#35043, firewalld/firewalld#503) and dockerd re-creates its
 * chains on firewalld's Reloaded signal; the script waits for that and says what it saw. Exit 252
 * is firewall-cmd's NOT_RUNNING.
 */
export function firewalld(instance: Instance, action: FirewalldAction): Promise<ServiceOutcome> {
  return serviceCommand(instance, ['ecs-sim-firewalld', action], `firewall-cmd --${action}`, { 252: 'firewalld is not running' });
}

/**
 * `systemctl <action> nftables` as Debian's nftables.service runs it
 * (images/instance/nftables-service.sh): start and reload `nft -f /etc/nftables.conf`, stop
 * `nft flush ruleset`, restart both. A `flush ruleset` in the file removes Docker's tables under
 * the iptables-nft front end (docker/for-linux#1472).
 */
export function nftablesService(instance: Instance, action: NftablesServiceAction): Promise<ServiceOutcome> {
  return serviceCommand(instance, ['ecs-sim-nftables-service', action], `systemctl ${action} nftables`);
}
