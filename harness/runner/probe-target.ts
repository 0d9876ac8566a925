import { EcsSimError } from '../errors.ts';
import type { EcsInstance } from '../instance/ecs-instance.ts';
import { credentialsRequest, imdsMetadata, imdsToken, IMDS_ADDRESS, overFamily } from '../probes/http-target.ts';
import type { Outcome } from '../probes/outcome.ts';
import type { ProbeSource } from '../probes/prober.ts';
import { targetSpec, type IpFamily, type Target } from '../scenario/targets.ts';
import { classifyClient } from '../probes/classify-client.ts';

/** A real SDK client's deadline: its credential providers time out after about a second each. */
const CLIENT_DEADLINE_MS = 10_000;

/** What probing a target found: the outcome, plus what some verdicts need to know. */
export interface TargetProbe {
  outcome: Outcome;
  /** For credentials targets: the answer carried the named task's canary. */
  leaked?: boolean;
  /** For sts-identity: the role STS named. */
  identity?: string;
}

/**
 * A target made concrete for one probing place: which request, and what a leak would look
 * like. Two cells with the same `key` ask for the same thing, so they share a positive control.
 */
export type Probeable =
  | { kind: 'imds' | 'imds-token'; key: string; family: IpFamily }
  | { kind: 'imds-credentials'; key: string; role: string; family: IpFamily }
  /** A task's credentials by its ID; `canary` is that task's AccessKeyId, `own` says whose asking. */
  | { kind: 'credentials'; key: string; credentialsId: string; canary: string; own: boolean; task: string }
  /** The agent's introspection API, at the address the probing place would use for its host. */
  | { kind: 'introspection'; key: string; host: string }
  /** GetCallerIdentity by a real SDK client with its default chain; STS at the mocks' link address. */
  | { kind: 'sts'; key: string; endpoint: string };

/**
 * The IP families an IMDS target is probed over: the one it names, or both on a dual-stack
 * instance (the cell then shows the worse: assert/families.ts).
 */
export function familiesOf(instance: EcsInstance, target: Target): IpFamily[] {
  if (!targetSpec(target.kind).families) return ['ipv4'];
  if (target.kind !== 'credentials-of' && target.family) return [target.family];
  return instance.ipv6 ? ['ipv4', 'ipv6'] : ['ipv4'];
}

export async function resolveTarget(instance: EcsInstance, from: ProbeSource, target: Target, instanceRole: string, family: IpFamily = 'ipv4'): Promise<Probeable> {
  switch (target.kind) {
    case 'imds':
    case 'imds-token':
      return { kind: target.kind, key: `${target.kind}@${family}`, family };
    case 'imds-credentials':
      return { kind: 'imds-credentials', key: `${target.kind}@${family}`, role: instanceRole, family };
    case 'own-credentials':
    case 'credentials-of': {
      const task = target.kind === 'credentials-of' ? instance.tasks.get(target.task) : from.kind === 'task' ? from.task : undefined;
      if (!task?.credentialsId || !task.credentials) {
        throw new EcsSimError('NO_CREDENTIALS', `${target.id}: ${task ? `task "${task.name}" has no task role` : 'the instance has no task role'}`, { kind: 'input' });
      }
      return { kind: 'credentials', key: `credentials:${task.name}`, credentialsId: task.credentialsId, canary: task.credentials.AccessKeyId, own: target.kind === 'own-credentials', task: task.name };
    }
    case 'sts-identity':
      return { kind: 'sts', key: target.kind, endpoint: `http://${instance.mocks.stsAddress}` };
    case 'agent-introspection':
      return { kind: 'introspection', key: target.kind, host: await instanceAddressFor(from) };
  }
}

/**
 * How a place addresses the instance itself: loopback from the instance's own namespace (the
 * instance, host-mode tasks), the bridge gateway from a bridge task (docker0, or a nested
 * user-defined network's gateway), ecs-bridge's 169.254.172.1 from an awsvpc task.
 */
async function instanceAddressFor(from: ProbeSource): Promise<string> {
  if (from.kind === 'instance' || from.task.networkMode === 'host') return '127.0.0.1';
  if (from.task.networkMode === 'awsvpc') return '169.254.172.1';
  const networks = Object.values((await from.task.container.inspect()).NetworkSettings.Networks);
  const gateway = networks.find((n) => n.Gateway)?.Gateway;
  if (!gateway) throw new EcsSimError('NO_GATEWAY', `task "${from.task.name}" has no network gateway to reach the instance through`, { kind: 'environment' });
  return gateway;
}

/**
 * Probes one concrete target from one place, as ECS-FACTS.md says the clients do: IMDS reads go
 * without a token (IMDSv1) for `imds`; `imds-credentials` first asks for a token and uses it when
 * one comes back, falling back to v1 otherwise (as the AWS SDKs do); credentials are read at
 * 169.254.170.2/v2/credentials/<id>, as the SDK does with AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
 * introspection is GET :51678/v1/metadata (agent/handlers/v1).
 */
export async function probeTarget(instance: EcsInstance, from: ProbeSource, p: Probeable): Promise<TargetProbe> {
  const { prober } = instance;
  switch (p.kind) {
    case 'imds':
      return { outcome: await prober.probe(from, overFamily(imdsMetadata, p.family)) };
    case 'imds-token':
      return { outcome: await prober.probe(from, overFamily(imdsToken, p.family)) };
    case 'imds-credentials': {
      const token = await prober.request(from, overFamily(imdsToken, p.family));
      const headers: Record<string, string> = token.outcome.state === 'allowed' && token.body ? { 'X-aws-ec2-metadata-token': token.body.trim() } : {};
      const path = `/latest/meta-data/iam/security-credentials/${p.role}`;
      const read = await prober.request(from, overFamily({ name: 'imds-credentials', host: IMDS_ADDRESS, port: 80, method: 'GET', path, headers }, p.family));
      return { outcome: read.outcome };
    }
    case 'credentials': {
      const r = await prober.request(from, credentialsRequest(p.credentialsId));
      const carries = r.outcome.state === 'allowed' && (r.body ?? '').includes(p.canary);
      if (r.outcome.state === 'allowed' && !carries) {
        // The agent answered 200 with somebody else's credentials: that is a bug, not a verdict.
        return { outcome: { state: 'error', evidence: { ...r.outcome.evidence, summary: `the agent answered ${p.task}'s credential ID with other credentials` } } };
      }
      return { outcome: r.outcome, leaked: carries };
    }
    case 'introspection':
      return { outcome: await prober.probe(from, { name: 'agent-introspection', host: p.host, port: 51678, method: 'GET', path: '/v1/metadata' }) };
    case 'sts': {
      const run = await prober.client(from, 'sts-identity.mjs', [`AWS_ENDPOINT_URL_STS=${p.endpoint}`, `AWS_REGION=${instance.region}`], CLIENT_DEADLINE_MS);
      return classifyClient(run, instance.run.nonce);
    }
  }
}
