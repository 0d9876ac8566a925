import type Docker from 'dockerode';
import createDebug from 'debug';
import { withTimeout } from '../errors.ts';
import { execIn, execOk, type ExecOptions, type ExecResult } from '../engine/exec.ts';
import { imageTag } from '../engine/images/catalog.ts';
import { AwsMocks } from '../mocks/container.ts';
import { createLinkNetwork, type LinkNetwork } from '../network/link-network.ts';
import type { SimRun } from '../run/sim-run.ts';
import { instanceEnv, type InstanceConfig } from './config.ts';
import { privilegeConfig, refusesPrivileged, type PrivilegeMode } from './host-config.ts';
import { loadImageIntoNested } from './load-image.ts';
import { nestedEngineClient } from './nested-engine.ts';
import { waitForBoot } from './readiness.ts';
import { Prober } from '../probes/prober.ts';
import { TaskSet } from '../tasks/task-set.ts';
import { AwsvpcAddresses } from '../network/awsvpc.ts';
import { taskWiring } from './task-wiring.ts';

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
  private nestedClient: { docker: Docker; close(): void };
  /** The tasks running on this instance. */
  readonly tasks: TaskSet;
  /** Probes from its tasks or from the instance itself. */
  readonly prober: Prober;
  private readonly awsvpcAddresses: AwsvpcAddresses;
  /** Number of boots so far (1 after `boot`). */
  bootCount = 1;

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
  ) {
    this.nestedClient = nestedEngineClient(container);
    this.awsvpcAddresses = new AwsvpcAddresses(network.subnet);
    this.tasks = new TaskSet(
      taskWiring({
        run,
        cluster: config.agentConfig?.ECS_CLUSTER ?? 'default',
        account: this.account,
        region: this.region,
        instanceContainer: container,
        nested: () => this.nested,
        mocks,
        network,
        addresses: this.awsvpcAddresses,
        exec: (cmd) => this.exec(cmd),
      }),
    );
    this.prober = new Prober(container, () => this.nested, run.nonce, (image) => loadImageIntoNested(run.docker, this.nested, image));
  }

  static async boot(run: SimRun, config: InstanceConfig = {}): Promise<EcsInstance> {
    const name = run.nextInstanceName();
    const { docker } = run;
    run.log(`Creating instance "${name}"...`);
    const network = await createLinkNetwork(docker, `${name}-link`, run.labels('link'));
    run.teardown.defer(`remove network ${network.name}`, () => ignore404(docker.getNetwork(network.id).remove()));
    const volume = `${name}-disk`;
    await docker.createVolume({ Name: volume, Labels: run.labels('disk') });
    run.teardown.defer(`remove volume ${volume}`, () => ignore404(docker.getVolume(volume).remove({ force: true })));

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
      }),
      startInstanceContainer(docker, {
        Image: imageTag('instance'),
        name,
        Hostname: name,
        Labels: run.labels('instance'),
        Env: instanceEnv(config, config.noImds ? '' : network.subnet.mocks, run.nonce),
        StopTimeout: 10,
        HostConfig: {
          NetworkMode: network.name,
          // Its own cgroup namespace, so that the nested dockerd's cgroups sit under the instance's.
          CgroupnsMode: 'private',
          Mounts: [{ Type: 'volume', Source: volume, Target: '/disk' }],
          Tmpfs: { '/run': 'rw,exec', '/tmp': 'rw,exec' },
        } as Docker.HostConfig,
        NetworkingConfig: { EndpointsConfig: { [network.name]: { IPAMConfig: { IPv4Address: network.subnet.instance } } } },
      }),
    ]);
    const instance = new EcsInstance(run, name, container, network, mocks, privilege, config);
    run.teardown.defer(`close nested engine channel of ${name}`, async () => instance.nestedClient.close());
    await instance.waitReady();
    await loadImageIntoNested(docker, instance.nested, imageTag('probe'));
    run.log(`Instance "${name}" ready (${privilege}, link ${network.subnet.cidr})`);
    return instance;
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
   * Restarts dockerd only, as `systemctl restart docker` would: Docker re-creates its chains
   * (above rules placed directly in FORWARD: aws-cdk#17896) and every task stops; the ones still
   * wanted are started again as new tasks.
   */
  async restartDocker(): Promise<void> {
    const generation = async () => Number((await this.exec(['cat', '/run/ecs-sim/docker-generation'])).stdout.trim());
    const before = await generation();
    this.nestedClient.close();
    await this.sh('kill -HUP 1');
    await withTimeout(`dockerd in instance ${this.name} to restart`, 60_000, async (signal) => {
      while (!signal.aborted && (await generation()) <= before) await new Promise((r) => setTimeout(r, 100));
    });
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

  private async waitReady(): Promise<void> {
    await waitForBoot(this.container, this.name, this.bootCount, this.config.bootTimeoutMs ?? 90_000);
    await withTimeout(`the nested engine of ${this.name} to answer /_ping through dial-stdio`, 20_000, this.nested.ping());
  }

  /** Lets go of the instance without removing it (`--keep`): closes the nested engine channel. */
  detach(): void {
    this.nestedClient.close();
  }

  /** Removes the instance and its mocks, network and disk now (the run's teardown would later). */
  async destroy(): Promise<void> {
    const { docker } = this.run;
    this.nestedClient.close();
    await removeIfExists(docker, this.name);
    await removeIfExists(docker, `${this.name}-mocks`);
    await ignore404(docker.getNetwork(this.network.id).remove());
    await ignore404(docker.getVolume(`${this.name}-disk`).remove({ force: true }));
  }
}

async function startInstanceContainer(docker: Docker, spec: Docker.ContainerCreateOptions): Promise<{ container: Docker.Container; privilege: PrivilegeMode }> {
  const attempt = async (privilege: PrivilegeMode) => {
    const container = await docker.createContainer({ ...spec, HostConfig: { ...spec.HostConfig, ...privilegeConfig(privilege) } });
    await container.start();
    return { container, privilege };
  };
  try {
    return await attempt('privileged');
  } catch (err) {
    if (!refusesPrivileged(err)) throw err;
    debug('--privileged refused (%s); using the explicit capability set', (err as Error).message);
    await removeIfExists(docker, spec.name!);
    return attempt('capabilities');
  }
}

export const removeIfExists = (docker: Docker, name: string): Promise<void> => ignore404(docker.getContainer(name).remove({ force: true, v: true }));

/** Removal that tolerates "already gone" (a destroy() before the run's teardown, or a gc). */
async function ignore404(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}
