import type Docker from 'dockerode';
import createDebug from 'debug';
import { EcsSimError, withTimeout } from '../errors.ts';
import { execIn, execOk, type ExecOptions, type ExecResult } from '../engine/exec.ts';
import { imageTag } from '../engine/images/catalog.ts';
import { AwsMocks } from '../mocks/container.ts';
import { createLinkNetwork, type LinkNetwork } from '../network/link-network.ts';
import type { SimRun } from '../run/sim-run.ts';
import { instanceEnv, type InstanceConfig } from './config.ts';
import { startNearPrivileged, type PrivilegeMode } from './host-config.ts';
import { ignore404, removeIfExists } from '../engine/remove.ts';
import { loadImageIntoNested, type ImageArrival } from './load-image.ts';
import { IMAGE_CACHE_DIR } from './image-cache.ts';
import { DEFAULT_ENGINE } from '../engine/images/engines.ts';
import { nestedEngineClient } from './nested-engine.ts';
import { parseBootState, readBootStateScript, waitBootStateScript } from './boot-state.ts';
import { waitForBoot } from './readiness.ts';

type Generation = 'docker-generation' | 'agent-generation';
import { Prober } from '../probes/prober.ts';
import { TaskSet } from '../tasks/task-set.ts';
import { AwsvpcAddresses } from '../network/awsvpc.ts';
import { taskWiring } from './task-wiring.ts';
import { chooseStsAddress } from '../network/sts-address.ts';
import { IPV6_OFF_HOST_CONFIG } from '../network/ipv6-unavailable.ts';
import { linkIpv6, type LinkIpv6 } from '../network/link-ipv6.ts';
import { RESOLVED_CONFIG_FILE } from './ecs-init/files.ts';
import type { ResolvedEcsConfig } from './ecs-init/resolve.ts';

import { SIM_ACCOUNT, SIM_REGION } from './sim-identity.ts';
export { AGENT_VERSION, SIM_ACCOUNT, SIM_REGION } from './sim-identity.ts';

const debug = createDebug('ecs-sim:instance');

/**
 * A simulated EC2 container instance: a near-privileged container running a nested dockerd,
 * on a link network of its own beside the aws-mocks container (DESIGN.md, The world it
 * simulates). `reboot()` is a container restart: the disk volume stays, netfilter, routes,
 * sysctls, processes and /run are lost.
 */
export class EcsInstance {
  private nestedClient: ReturnType<typeof nestedEngineClient>;
  /** The tasks running on this instance. */
  readonly tasks: TaskSet;
  /** Probes from its tasks or from the instance itself. */
  readonly prober: Prober;
  private readonly awsvpcAddresses: AwsvpcAddresses;
  /** Number of boots so far (1 after `boot`). */
  bootCount = 1;
  private resolved: ResolvedEcsConfig | undefined;
  /** What ecs-init and the agent found wrong in ecs.config at each agent start, each once. */
  readonly configFindings: string[] = [];

  /** The AWS account and region the instance lives in. */
  get account(): string {
    return this.config.account ?? SIM_ACCOUNT;
  }
  get region(): string {
    return this.config.region ?? SIM_REGION;
  }

  private constructor(
    readonly run: SimRun,
    readonly name: string,
    readonly container: Docker.Container,
    readonly network: LinkNetwork,
    readonly mocks: AwsMocks,
    readonly privilege: PrivilegeMode,
    readonly config: InstanceConfig,
    /** The IPv6 side of a dual-stack instance (network/link-ipv6.ts); undefined when IPv4 only. */
    readonly ipv6: LinkIpv6 | undefined,
    /** The images its disk was seeded with from the run's image cache before its first boot. */
    readonly cachedImages: ReadonlySet<string>,
  ) {
    this.nestedClient = nestedEngineClient(container);
    this.awsvpcAddresses = new AwsvpcAddresses(network.subnet);
    this.tasks = new TaskSet(
      taskWiring({
        run,
        agentConfig: () => this.agentConfig,
        account: this.account,
        region: this.region,
        instanceContainer: container,
        nested: () => this.nested,
        mocks,
        network,
        addresses: this.awsvpcAddresses,
        ipv6,
        exec: (cmd) => this.exec(cmd),
        ensureImage: (image) => this.ensureImage(image),
      }),
    );
    this.prober = new Prober(container, () => this.nested, run.nonce, (image) => this.ensureImage(image));
  }

  static async boot(run: SimRun, config: InstanceConfig = {}): Promise<EcsInstance> {
    const name = run.nextInstanceName();
    const { docker } = run;
    run.log(`Creating instance "${name}"...`);
    const engine = config.docker ?? DEFAULT_ENGINE;
    // The image seed is made (the first time, by loading into the run's cache) while the network is.
    const [network, seed] = await Promise.all([
      createLinkNetwork(docker, `${name}-link`, run.labels('link')),
      run.imageCache.prepare(engine, [imageTag('probe'), ...(config.images ?? [])]),
    ]);
    run.teardown.defer(`remove network ${network.name}`, () => ignore404(docker.getNetwork(network.id).remove()));
    const volume = `${name}-disk`;
    await docker.createVolume({ Name: volume, Labels: run.labels('disk') });
    run.teardown.defer(`remove volume ${volume}`, () => ignore404(docker.getVolume(volume).remove({ force: true })));

    const stsAddress = chooseStsAddress();
    const ipv6 = config.ipv6 ? linkIpv6() : undefined;
    const mocksName = `${name}-mocks`;
    run.teardown.defer(`remove container ${mocksName}`, () => removeIfExists(docker, mocksName));
    run.teardown.defer(`remove container ${name}`, () => removeIfExists(docker, name));
    // The mocks and the instance start side by side: the instance's route to IMDS does not need
    // the mocks up, only their address; readiness below waits for both.
    const [mocks, { container, privilege }] = await Promise.all([
      AwsMocks.start(docker, {
        name: mocksName,
        labels: run.labels('mocks'),
        network,
        nonce: run.nonce,
        imds: { ...config.imds, accountId: config.account ?? SIM_ACCOUNT, region: config.region ?? SIM_REGION },
        stsAddress,
        ...(config.noImds ? { noImds: true } : {}),
        ...(ipv6 ? { ipv6: { link: ipv6, imdsEndpoint: config.imds?.ipv6Endpoint === 'enabled' } } : {}),
        ...(config.ipv6Off ? { ipv6Off: true } : {}),
      }),
      startNearPrivileged(docker, {
        Image: await run.instanceImage(engine),
        name,
        Hostname: name,
        Labels: run.labels('instance'),
        Env: instanceEnv(config, { gateway: network.subnet.mocks, imdsVia: config.noImds ? '' : network.subnet.mocks, ...(ipv6 ? { ipv6 } : {}) }, run.nonce),
        StopTimeout: 10,
        HostConfig: {
          NetworkMode: network.name,
          // Its own cgroup namespace, so that the nested dockerd's cgroups sit under the instance's.
          CgroupnsMode: 'private',
          Mounts: [
            { Type: 'volume', Source: volume, Target: '/disk' },
            ...(seed ? [{ Type: 'volume' as const, Source: seed.volume, Target: IMAGE_CACHE_DIR, ReadOnly: true }] : []),
          ],
          Tmpfs: { '/run': 'rw,exec', '/tmp': 'rw,exec' },
          ...(ipv6 ? { Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '0' } } : {}),
          ...(config.ipv6Off ? IPV6_OFF_HOST_CONFIG : {}),
        } as Docker.HostConfig,
        NetworkingConfig: { EndpointsConfig: { [network.name]: { IPAMConfig: { IPv4Address: network.subnet.instance } } } },
      }, async (created) => {
        // Into the fresh disk before boot.sh starts dockerd, which reads its image store only then.
        if (seed) await withTimeout(`seeding the disk of ${name} with the run's image cache`, 30_000, created.putArchive(seed.tar, { path: '/disk' }));
      }),
    ]);
    const instance = new EcsInstance(run, name, container, network, mocks, privilege, config, ipv6, seed?.tags ?? new Set());
    run.teardown.defer(`close nested engine channel of ${name}`, async () => instance.nestedClient.dispose());
    run.teardown.defer(`stop the agent's cleanup timers on ${name}`, async () => instance.tasks.dispose());
    await instance.waitReady();
    await instance.ensureImage(imageTag('probe'));
    run.log(`Instance "${name}" ready (${privilege}, link ${network.subnet.cidr})`);
    return instance;
  }

  /**
   * ecs.config as the running agent and ecs-init read it when the agent last started
   * (ecs-init/resolve.ts): an edit counts only after `restartAgent`, a docker restart (where ecs
   * is PartOf it) or a reboot, as on a real instance.
   */
  get agentConfig(): ResolvedEcsConfig {
    if (!this.resolved) throw new EcsSimError('NOT_BOOTED', `instance ${this.name} has not finished booting`);
    return this.resolved;
  }

  private async readAgentConfig(): Promise<void> {
    const r = await this.exec(['cat', RESOLVED_CONFIG_FILE], { timeoutMs: 10_000 });
    if (r.exitCode !== 0) throw new EcsSimError('NO_RESOLVED_CONFIG', `instance ${this.name}: ecs-init wrote no ${RESOLVED_CONFIG_FILE}: ${r.stderr.trim()}`, { kind: 'environment' });
    this.takeAgentConfig(r.stdout);
  }

  /** ecs-init's resolved ecs.config (its JSON), and what the real components would misread in it, noted once each. */
  private takeAgentConfig(text: string): void {
    if (!text.trim()) throw new EcsSimError('NO_RESOLVED_CONFIG', `instance ${this.name}: ecs-init wrote no ${RESOLVED_CONFIG_FILE} before the boot was ready`, { kind: 'environment' });
    this.resolved = JSON.parse(text) as ResolvedEcsConfig;
    for (const f of this.resolved.findings) {
      const shown = f.text !== undefined && !f.message.startsWith(f.text.trim()) ? ` ${JSON.stringify(f.text)}` : '';
      const line = `${f.line ? `ecs.config line ${f.line}${shown}: ` : ''}${f.message}`;
      if (!this.configFindings.includes(line)) this.configFindings.push(line);
    }
  }

  /** A counter in /run/ecs-sim that boot.sh bumps. */
  private async generation(file: Generation): Promise<number> {
    return (await this.readGeneration(file)).count;
  }

  /**
   * The counter and boot.sh's failure file, in one exec (boot-state.ts); with `above`, once the
   * counter passed it or a failure was written, waiting inside the instance up to 2 s.
   */
  private async readGeneration(file: Generation, above?: number): Promise<{ count: number; failed: string }> {
    const files = [file, 'failed'] as const;
    const script = above === undefined ? readBootStateScript(files) : waitBootStateScript(files, file, above + 1);
    const state = parseBootState((await this.exec(['sh', '-c', script])).stdout, files);
    return { count: Number(state[file] || 0), failed: state.failed };
  }

  private async waitGeneration(file: Generation, above: number, what: string, timeoutMs: number): Promise<void> {
    await withTimeout(what, timeoutMs, async (signal) => {
      while (!signal.aborted) {
        const { count, failed } = await this.readGeneration(file, above);
        if (count > above) return;
        if (failed) throw new EcsSimError('INSTANCE_FAILED', `instance ${this.name}: ${failed}`, { kind: 'environment' });
      }
    });
  }

  /**
   * `systemctl restart ecs`: ecs-init's post-stop (its rules removed, route_localnet restored),
   * then pre-start (rules inserted again at the top, ecs.config read anew) and the agent started
   * again, which re-reads its tasks' credentials as ACS would send them. Tasks keep running.
   */
  async restartAgent(): Promise<void> {
    const before = await this.generation('agent-generation');
    await this.sh('kill -USR1 1');
    await this.waitGeneration('agent-generation', before, `the ECS agent in instance ${this.name} to restart`, 60_000);
    await this.readAgentConfig();
  }

  /** Makes sure the instance's engine has `image` as the host's engine has it; says how it got there. */
  ensureImage(image: string): Promise<ImageArrival> {
    return loadImageIntoNested(this.run.docker, this.nested, image, this.cachedImages);
  }

  /** The engine nested in the instance, through the dial-stdio tunnel. */
  get nested(): Docker {
    return this.nestedClient.docker;
  }

  /** Runs a command in the instance's own namespaces (as root on the EC2 host). */
  exec(cmd: string[], opts?: ExecOptions): Promise<ExecResult> {
    return execIn(this.container, cmd, opts);
  }

  /** Runs a shell command on the instance; a non-zero exit is an error. */
  sh(script: string, opts?: ExecOptions): Promise<string> {
    return execOk(this.container, ['sh', '-c', script], opts);
  }

  /** A reboot: the container restarts; the disk stays, everything else is lost. */
  async reboot(): Promise<void> {
    debug('rebooting %s', this.name);
    this.nestedClient.close();
    await withTimeout(`the reboot (restart) of instance ${this.name}`, 60_000, this.container.restart({ t: 10 }));
    this.nestedClient = nestedEngineClient(this.container);
    this.bootCount++;
    await this.waitReady();
    await this.replaceTasks();
  }

  /**
   * `systemctl restart docker` on the ECS AMI: Docker re-creates its chains (above rules placed
   * directly in FORWARD: aws-cdk#17896) and every task stops; the ones still wanted are started
   * again as new tasks. ecs restarts with it: stopped first and started after where ecs.service is
   * PartOf=docker.service, or failed and restarted 10 s later by systemd before that
   * (ecs-init/agent-versions.ts partOfDocker; images/instance/boot.sh).
   */
  async restartDocker(): Promise<void> {
    const [before, agentBefore] = [await this.generation('docker-generation'), await this.generation('agent-generation')];
    this.nestedClient.close();
    await this.sh('kill -HUP 1');
    await this.waitGeneration('docker-generation', before, `dockerd in instance ${this.name} to restart`, 60_000);
    await this.waitGeneration('agent-generation', agentBefore, `the ECS agent in instance ${this.name} to start again after dockerd`, 60_000);
    await this.readAgentConfig();
    this.nestedClient = nestedEngineClient(this.container);
    await withTimeout(`the nested engine of ${this.name} to answer /_ping after a restart`, 20_000, this.nested.ping());
    await this.replaceTasks();
  }

  /** Every task died with the engine (sidecars, awsvpc namespaces too): start them anew. */
  private async replaceTasks(): Promise<void> {
    this.prober.forget();
    this.awsvpcAddresses.reset();
    await this.tasks.replaceAfterReboot();
  }

  /** This boot's ready, and the agent's configuration as it read it (in the same exec). */
  private async waitReady(): Promise<void> {
    this.takeAgentConfig(await waitForBoot(this.container, this.name, this.bootCount, this.config.bootTimeoutMs ?? 90_000));
    await withTimeout(`the nested engine of ${this.name} to answer /_ping through dial-stdio`, 20_000, this.nested.ping());
  }

  /** Lets go of the instance without removing it (`--keep`): disposes of the nested engine channel. */
  detach(): void {
    this.nestedClient.dispose();
  }

  /** Removes the instance and its mocks, network and disk now (the run's teardown would later). */
  async destroy(): Promise<void> {
    const { docker } = this.run;
    this.nestedClient.dispose();
    await removeIfExists(docker, this.name);
    await removeIfExists(docker, `${this.name}-mocks`);
    await ignore404(docker.getNetwork(this.network.id).remove());
    await ignore404(docker.getVolume(`${this.name}-disk`).remove({ force: true }));
  }
}
