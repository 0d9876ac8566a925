import type Docker from 'dockerode';
import { EcsSimError } from '../errors.ts';
import type { ExecResult } from '../engine/exec.ts';
import { imageTag, type ImageName } from '../engine/images/catalog.ts';
import type { DockerEngine } from '../engine/images/engines.ts';
import { findImage, INPUTS_LABEL } from '../engine/images/inspect.ts';

/**
 * What a result was measured on, read from the running instance rather than assumed: a verdict
 * holds for these versions (netfilter behaviour changed across Docker and iptables releases, e.g.
 * moby#48560 in 27.3 only). Every report carries it.
 */
export interface Fidelity {
  /** The engine asked for (`instance.docker`). */
  engine: DockerEngine;
  /** `docker version` in the instance: the nested dockerd's and CLI's versions. */
  docker: { server: string; client: string };
  /** `iptables -V` in the instance, e.g. `iptables v1.8.9 (nf_tables)`: version and front end. */
  iptables: { version: string; frontEnd: string };
  /** `uname -r`: the host's kernel, which every container (and the nested engine) shares. */
  kernel: string;
  /** The simulated ECS agent / ecs-init release. */
  agentVersion: string;
  /** Each image's tag and the content hash it was built from (its ecs-sim.inputs label). */
  images: Array<{ tag: string; inputs: string }>;
}

type Exec = (cmd: string[]) => Promise<ExecResult>;

/** `iptables v1.8.11 (nf_tables)` → version and front end; older builds print no front end (legacy). */
export function parseIptablesVersion(text: string): Fidelity['iptables'] {
  const m = /iptables v(\S+)(?:\s+\(([^)]+)\))?/.exec(text);
  if (!m) throw new EcsSimError('FIDELITY_UNREADABLE', `\`iptables -V\` printed ${JSON.stringify(text.trim())}, not "iptables vX.Y.Z (front end)"`, { kind: 'environment' });
  return { version: m[1]!, frontEnd: m[2] ?? 'legacy' };
}

export async function readFidelity(docker: Docker, exec: Exec, engine: DockerEngine, agentVersion: string): Promise<Fidelity> {
  const out = async (cmd: string[]) => {
    const r = await exec(cmd);
    if (r.exitCode !== 0) throw new EcsSimError('FIDELITY_UNREADABLE', `\`${cmd.join(' ')}\` in the instance exited ${r.exitCode}: ${r.stderr.trim()}`, { kind: 'environment' });
    return r.stdout.trim();
  };
  const [versions, iptables, kernel] = await Promise.all([
    out(['docker', 'version', '--format', '{{.Server.Version}} {{.Client.Version}}']),
    out(['iptables', '-V']),
    out(['uname', '-r']),
  ]);
  const [server = '', client = ''] = versions.split(' ');
  const names: ImageName[] = ['instance', 'aws-mocks', 'probe'];
  const images = await Promise.all(
    names.map(async (n) => {
      const tag = imageTag(n, engine);
      return { tag, inputs: (await findImage(docker, tag))?.Config?.Labels?.[INPUTS_LABEL] ?? 'unlabelled' };
    }),
  );
  return { engine, docker: { server, client }, iptables: parseIptablesVersion(iptables), kernel, agentVersion, images };
}
