import type Docker from 'dockerode';
import pLimit from 'p-limit';
import { execIn } from '../engine/exec.ts';
import { imageTag } from '../engine/images/catalog.ts';
import type { RunningTask } from '../tasks/task.ts';
import { classify } from './classify.ts';
import { rawRequest, type HttpTarget } from './http-target.ts';
import { parseRawResponse } from './http-response.ts';
import type { Outcome } from './outcome.ts';

/** What a client run printed, and how long it took against its deadline. */
export interface ClientRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  deadlineMs: number;
}

/** Where a probe starts: inside a task's network namespace, or on the instance itself. */
export type ProbeSource = { kind: 'task'; task: RunningTask } | { kind: 'instance' };

export const PROBE_FOR_LABEL = 'ecs-sim.probe-for';
/**
 * Sidecars a nested engine creates and starts at once. A step of 50 cells from 50 tasks asked for
 * 50 at the same time, and the engine (on 2 cores) then answered some probes' execs after their
 * 18 s limit: errors, not verdicts (bench/scale.ts, 2 of 50). Only the creations queue: a
 * probe's deadline starts when its exec does, so blocked cells still cost one deadline together.
 */
export const SIDECAR_STARTS = 4;

/**
 * Default overall deadline of one probe: a blocked probe costs this much. 3 s is ample for an
 * answer on this machine (allowed probes take about 0.1 s); ECS_SIM_PROBE_DEADLINE_MS raises it
 * on a slow or loaded runner, where a late answer would otherwise read as `blocked`.
 */
export const DEFAULT_DEADLINE_MS = Number(process.env.ECS_SIM_PROBE_DEADLINE_MS) > 0 ? Number(process.env.ECS_SIM_PROBE_DEADLINE_MS) : 3_000;

/**
 * Runs HTTP probes. A task is probed in its network namespace: in its own container when that
 * runs the probe image (probeHost), else from a sidecar of the probe image that joins it
 * (`--network container:<task>`), so any task image can be probed; the request is raw HTTP
 * through busybox `nc`, under `timeout -s KILL`: a connect timeout alone is not enough, since a
 * stalled answer (the IMDS hop limit) would hang forever (DESIGN.md).
 */
export class Prober {
  private readonly sidecars = new Map<string, Promise<Docker.Container>>();
  private readonly starting = pLimit(SIDECAR_STARTS);
  /** Images made present in the nested engine, once each (the instance's disk keeps them across reboots). */
  private readonly images = new Map<string, Promise<unknown>>();

  constructor(
    private readonly instanceContainer: Docker.Container,
    private readonly nested: () => Docker,
    private readonly nonce: string,
    /** Makes an image present in the nested engine (the aws-client image is loaded on first use). */
    private readonly imageSource: (image: string) => Promise<unknown> = async () => {},
  ) {}

  /**
   * Makes an image present in the nested engine, once: a sidecar waits for it, and the runner
   * starts it in the background right after boot when the scenario's targets need it (issue 11
   * item 5: the aws-client image's load, about 4 s here, then overlaps the task starts). A load
   * that fails is forgotten, so the next use tries again and reports it.
   */
  ensureImage(image: string): Promise<unknown> {
    let loading = this.images.get(image);
    if (!loading) {
      loading = this.imageSource(image);
      loading.catch(() => this.images.delete(image));
      this.images.set(image, loading);
    }
    return loading;
  }

  async probe(from: ProbeSource, target: HttpTarget, deadlineMs = DEFAULT_DEADLINE_MS): Promise<Outcome> {
    return (await this.request(from, target, deadlineMs)).outcome;
  }

  /** A probe that also hands back the answer's body, for multi-request targets (token, then read). */
  async request(from: ProbeSource, target: HttpTarget, deadlineMs = DEFAULT_DEADLINE_MS): Promise<{ outcome: Outcome; body?: string }> {
    const seconds = Math.max(1, Math.ceil(deadlineMs / 1000));
    const script = 'busybox echo "$1" | busybox base64 -d | busybox timeout -s KILL "$2" busybox nc "$3" "$4"';
    const started = Date.now();
    try {
      const where = from.kind === 'instance' ? { container: this.instanceContainer } : await this.probeHost(from.task);
      const r = await execIn(
        where.container,
        ['busybox', 'sh', '-c', script, 'probe', Buffer.from(rawRequest(target)).toString('base64'), String(seconds), target.host, String(target.port)],
        { timeoutMs: seconds * 1000 + 15_000, ...(where.user ? { user: where.user } : {}) },
      );
      const outcome = classify({ ...r, durationMs: Date.now() - started, deadlineMs: seconds * 1000 }, this.nonce);
      return outcome.state === 'error' ? { outcome } : { outcome, body: parseRawResponse(r.stdout)?.body ?? '' };
    } catch (err) {
      return { outcome: { state: 'error', evidence: { summary: `the probe could not run: ${(err as Error).message}`, durationMs: Date.now() - started } } };
    }
  }

  /**
   * Runs a real AWS client (images/aws-client, harness/clients/) where the task's own code would
   * run: in its network namespace, with its environment (so the SDK finds the same credentials
   * URI), under a hard deadline. From the instance, the client runs on the instance itself.
   */
  async client(from: ProbeSource, script: string, env: string[], deadlineMs: number): Promise<ClientRun> {
    const seconds = Math.max(1, Math.ceil(deadlineMs / 1000));
    const started = Date.now();
    const cmd = ['timeout', '-s', 'KILL', String(seconds), 'node', `/opt/ecs-sim/${script}`];
    const container = from.kind === 'instance' ? this.instanceContainer : await this.sidecarFor(from.task, 'aws-client');
    const r = await execIn(container, cmd, { env: [...env, 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true'], timeoutMs: seconds * 1000 + 15_000 });
    return { ...r, durationMs: Date.now() - started, deadlineMs: seconds * 1000 };
  }

  /**
   * Runs the attacker's probe (harness/attack/) as each container of the task: in a sidecar that
   * joins the container's network and PID namespaces, takes its mounts (VolumesFrom, same
   * read/write modes), its privileges and capabilities and runs as its user: what the task's own
   * code could see and do. From the instance, it runs on the instance itself (root there).
   */
  async attack(from: ProbeSource, settings: Record<string, unknown>, deadlineMs: number): Promise<Array<{ container: string; run: ClientRun }>> {
    const seconds = Math.max(1, Math.ceil(deadlineMs / 1000));
    const cmd = ['timeout', '-s', 'KILL', String(seconds), 'node', '/opt/ecs-sim/credentials-of.mjs'];
    const run = async (container: Docker.Container, env: string[], user?: string, privileged = false): Promise<ClientRun> => {
      const started = Date.now();
      const r = await execIn(container, cmd, { env: [`ECS_SIM_ATTACK=${JSON.stringify({ ...settings, privileged })}`, ...env], timeoutMs: seconds * 1000 + 15_000, ...(user ? { user } : {}) });
      return { ...r, durationMs: Date.now() - started, deadlineMs: seconds * 1000 };
    };
    if (from.kind === 'instance') return [{ container: 'instance', run: await run(this.instanceContainer, []) }];
    const out: Array<{ container: string; run: ClientRun }> = [];
    for (const [name, container] of from.task.containers) {
      const info = await container.inspect();
      const metadata = (info.Config.Env ?? []).filter((e) => e.startsWith('ECS_CONTAINER_METADATA_URI_V4='));
      const sidecar = await this.attackerFor(from.task, container, info);
      out.push({ container: name, run: await run(sidecar, metadata, info.Config.User || undefined, info.HostConfig.Privileged ?? false) });
    }
    return out;
  }

  /**
   * A sidecar made once per key, its creation queued behind SIDECAR_STARTS others; one whose
   * creation failed is forgotten, so the next use tries again and reports it.
   */
  private sidecar(key: string, make: () => Promise<Docker.Container>): Promise<Docker.Container> {
    let sidecar = this.sidecars.get(key);
    if (!sidecar) {
      sidecar = this.starting(make);
      sidecar.catch(() => this.sidecars.delete(key));
      this.sidecars.set(key, sidecar);
    }
    return sidecar;
  }

  private attackerFor(task: RunningTask, container: Docker.Container, info: Docker.ContainerInspectInfo): Promise<Docker.Container> {
    return this.sidecar(`${container.id}/attacker`, async () => {
      await this.ensureImage(imageTag('aws-client'));
      const c = await this.nested().createContainer({
        name: `attacker-${container.id.slice(0, 12)}`,
        Image: imageTag('aws-client'),
        Labels: { [PROBE_FOR_LABEL]: task.containerId },
        HostConfig: {
          NetworkMode: `container:${container.id}`,
          PidMode: `container:${container.id}`,
          VolumesFrom: [container.id],
          Privileged: info.HostConfig.Privileged ?? false,
          CapAdd: info.HostConfig.CapAdd ?? [],
          CapDrop: info.HostConfig.CapDrop ?? [],
        },
      });
      await c.start();
      return c;
    });
  }

  /**
   * Where a task's HTTP probe runs. A task whose first container is of the probe image already
   * has busybox in the task's network namespace: the probe runs there, as root, as it would in a
   * sidecar (same namespace, same user, and no capability is needed to connect), without the
   * sidecar's create and start (bench/scale.ts: most of a first probe's cost). Any other image
   * gets a probe sidecar.
   */
  private async probeHost(task: RunningTask): Promise<{ container: Docker.Container; user?: string }> {
    if (runsProbeImage(task)) return { container: task.container, user: '0' };
    return { container: await this.sidecarFor(task) };
  }

  private sidecarFor(task: RunningTask, image: 'probe' | 'aws-client' = 'probe'): Promise<Docker.Container> {
    return this.sidecar(`${task.containerId}/${image}`, async () => {
      await this.ensureImage(imageTag(image));
      // The client sidecar gets the task's environment: what the task's own code would see.
      const env = image === 'aws-client' ? ((await task.container.inspect()).Config.Env ?? []).filter((e) => e.startsWith('AWS_')) : [];
      const c = await this.nested().createContainer({
        name: `${image === 'probe' ? 'probe' : 'client'}-${task.containerId.slice(0, 12)}`,
        Image: imageTag(image),
        Env: env,
        Labels: { [PROBE_FOR_LABEL]: task.containerId },
        HostConfig: { NetworkMode: `container:${task.containerId}` },
      });
      await c.start();
      return c;
    });
  }

  /** Forget sidecars (the instance rebooted, or dockerd restarted: they are gone). */
  forget(): void {
    this.sidecars.clear();
  }
}

/** The task's first container (the one probes join) runs the probe image (a task's default image, harness/tasks/task-set.ts). */
export const runsProbeImage = (task: RunningTask): boolean => (task.spec.containers?.[0]?.image ?? imageTag('probe')) === imageTag('probe');
