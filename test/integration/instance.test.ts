import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcsInstance } from '../../harness/instance/ecs-instance.ts';
import type { SimRun } from '../../harness/run/sim-run.ts';
import { leftovers, startRun } from './support.ts';

describe('the simulated container instance', () => {
  let run: SimRun;
  let instance: EcsInstance;

  beforeAll(async () => {
    run = await startRun();
    instance = await EcsInstance.boot(run, { userData: 'echo first-boot >> /var/lib/ecs/user-data-ran', everyBoot: ['echo boot >> /var/lib/ecs/every-boot-ran'] });
  });
  afterAll(async () => {
    await run?.close();
    expect(await leftovers(run.docker, run.id)).toEqual([]);
  });

  it('runs a nested dockerd reached through the dial-stdio tunnel', async () => {
    const info = await instance.nested.info();
    expect(info.ServerVersion).toMatch(/^\d+\./);
    // The nested engine is not the outer one: different engine IDs.
    expect(info.ID).not.toBe((await run.docker.info()).ID);
    expect((await instance.nested.listImages()).some((i) => i.RepoTags?.includes('ecs-sim/probe:latest'))).toBe(true);
  });

  it('boots as a fresh EC2 instance: forwarding turned on by dockerd with FORWARD DROP, ecs-init rules', async () => {
    const forward = await instance.sh('iptables -S FORWARD');
    expect(forward).toContain('-P FORWARD DROP');
    expect(forward).toContain('-A FORWARD -j DOCKER-USER');
    const nat = await instance.sh('iptables -t nat -S');
    expect(nat).toContain('-A PREROUTING -d 169.254.170.2/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 127.0.0.1:51679');
    expect(nat).toContain('-A OUTPUT -d 169.254.170.2/32 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 51679');
    expect((await instance.sh('sysctl -n net.ipv4.conf.all.route_localnet')).trim()).toBe('1');
  });

  it('reboots: the disk stays; netfilter, processes and /run are lost; user data ran once', async () => {
    await instance.sh('iptables -N MARKER; touch /run/marker; echo kept > /etc/sysconfig/marker');
    const before = await instance.tasks.start({ name: 'svc', networkMode: 'bridge' });
    await instance.reboot();
    expect(instance.bootCount).toBe(2);
    expect(await instance.sh('cat /etc/sysconfig/marker')).toBe('kept\n');
    expect((await instance.exec(['test', '-e', '/run/marker'])).exitCode).toBe(1);
    expect((await instance.exec(['iptables', '-S', 'MARKER'])).exitCode).not.toBe(0);
    expect(await instance.sh('cat /var/lib/ecs/user-data-ran')).toBe('first-boot\n');
    expect(await instance.sh('cat /var/lib/ecs/every-boot-ran')).toBe('boot\nboot\n');
    // The task came back as a new task: same name, new IDs.
    const after = instance.tasks.get('svc');
    expect(after.taskId).not.toBe(before.taskId);
    expect(after.credentialsId).not.toBe(before.credentialsId);
    expect((await after.container.inspect()).State.Running).toBe(true);
    expect((await before.container.inspect()).State.Running).toBe(false);
  });

  it('restarts dockerd: Docker re-creates its chains above a rule placed in FORWARD, tasks are replaced', async () => {
    await instance.sh('iptables -I FORWARD 1 -d 169.254.169.254/32 -j DROP');
    expect((await instance.sh('iptables -S FORWARD')).split('\n')[1]).toBe('-A FORWARD -d 169.254.169.254/32 -j DROP');
    const before = instance.tasks.get('svc');
    await instance.restartDocker();
    const forward = (await instance.sh('iptables -S FORWARD')).split('\n');
    // aws/aws-cdk#17896: after the restart, Docker's jumps sit above the user's DROP.
    expect(forward.indexOf('-A FORWARD -j DOCKER-USER')).toBeLessThan(forward.indexOf('-A FORWARD -d 169.254.169.254/32 -j DROP'));
    expect(instance.tasks.get('svc').taskId).not.toBe(before.taskId);
    expect(instance.bootCount).toBe(2);
  });

  it('joins only its link network, which has no way out', async () => {
    const inspect = await run.docker.getNetwork(instance.network.id).inspect();
    expect(inspect.Options?.['com.docker.network.bridge.inhibit_ipv4']).toBe('true');
    expect(inspect.Options?.['com.docker.network.bridge.enable_ip_masquerade']).toBe('false');
    expect(Object.keys((await instance.container.inspect()).NetworkSettings.Networks)).toEqual([instance.network.name]);
    // Nobody holds the nominal gateway: not the host (no address in the subnet, no route to it).
    const { execFileSync } = await import('node:child_process');
    const hostAddrs = execFileSync('ip', ['-4', '-o', 'addr'], { encoding: 'utf8' });
    const prefix = instance.network.subnet.gateway.split('.').slice(0, 3).join('.');
    expect(hostAddrs).not.toContain(` ${prefix}.`);
    expect(execFileSync('ip', ['route'], { encoding: 'utf8' })).not.toContain(prefix);
    // The instance's only way to 169.254.169.254 is the mocks' link address.
    expect(await instance.sh('ip route get 169.254.169.254')).toContain(`via ${instance.network.subnet.mocks}`);
  });
});
