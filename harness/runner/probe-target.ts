import { EcsSimError } from '../errors.ts';
import type { EcsInstance } from '../instance/ecs-instance.ts';
import { credentialsRequest, imdsMetadata, imdsToken, IMDS_ADDRESS, overFamily } from '../probes/http-target.ts';
import type { Outcome } from '../probes/outcome.ts';
import type { ProbeSource } from '../probes/prober.ts';
import { targetSpec, type IpFamily, type Target } from '../scenario/targets.ts';
import { classifyClient } from '../probes/classify-client.ts';
import { CREDENTIALS_ADDRESS } from '../probes/http-target.ts';
import { judgeAttack, type Victim } from '../attack/verdict.ts';
import type { AttackReport } from '../attack/report.ts';

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
  /**
   * The attacker's question (credentials-of, execution-credentials-of): what the task can find
   * from inside, then the endpoint asked with it. `control` fetches the victim's credentials by ID
   * from the instance: they must come back, unless the agent has cleaned them up (`gone`).
   */
  | { kind: 'attack'; key: string; victim: Victim; introspection: string; control: Extract<Probeable, { kind: 'credentials' }>; gone?: string }
  /** The task's own metadata, at its container's ECS_CONTAINER_METADATA_URI_V4. */
  | { kind: 'task-metadata'; key: string; path: string }
  /** GetCallerIdentity by a real SDK client with its default chain; STS at the mocks' link address. */
  | { kind: 'sts'; key: string; endpoint: string }
  /** Another call of a real SDK client (harness/clients/aws-call.ts): AssumeRole, GetObject, ECS Exec's channels. */
  | { kind: 'aws-call'; key: string; env: string[] };

/**
 * The IP families an IMDS target is probed over: the one it names, or both on a dual-stack
 * instance (the cell then shows the worse: assert/families.ts).
 */
export function familiesOf(instance: EcsInstance, target: Target): IpFamily[] {
  if (!targetSpec(target.kind).families) return ['ipv4'];
  if ('family' in target && target.family) return [target.family];
  return instance.ipv6 ? ['ipv4', 'ipv6'] : ['ipv4'];
}

export async function resolveTarget(instance: EcsInstance, from: ProbeSource, target: Target, instanceRole: string, family: IpFamily = 'ipv4'): Promise<Probeable> {
  switch (target.kind) {
    case 'imds':
    case 'imds-token':
      return { kind: target.kind, key: `${target.kind}@${family}`, family };
    case 'imds-credentials':
      return { kind: 'imds-credentials', key: `${target.kind}@${family}`, role: instanceRole, family };
    case 'credentials-of':
    case 'execution-credentials-of':
      return attackOf(instance, from, target.task, target.kind === 'credentials-of' ? 'task' : 'execution');
    case 'task-metadata': {
      if (from.kind !== 'task') throw new EcsSimError('NOT_APPLICABLE', 'task-metadata is probed from a task', { kind: 'input' });
      const id = from.task.metadataIds.get([...from.task.containers.keys()][0] ?? '');
      return { kind: 'task-metadata', key: `task-metadata:${from.task.name}`, path: `/v4/${id}/task` };
    }
    case 'own-credentials':
    case 'credentials-by-id': {
      const task = target.kind === 'credentials-by-id' ? instance.tasks.get(target.task) : from.kind === 'task' ? from.task : undefined;
      if (!task?.credentialsId || !task.credentials) {
        throw new EcsSimError('NO_CREDENTIALS', `${target.id}: ${task ? `task "${task.name}" has no task role` : 'the instance has no task role'}`, { kind: 'input' });
      }
      return { kind: 'credentials', key: `credentials:${task.name}`, credentialsId: task.credentialsId, canary: task.credentials.AccessKeyId, own: target.kind === 'own-credentials', task: task.name };
    }
    case 'sts-identity':
      return { kind: 'sts', key: target.kind, endpoint: `http://${instance.mocks.stsAddress}` };
    case 'agent-introspection':
      return { kind: 'introspection', key: target.kind, host: await instanceAddressFor(from) };
    case 'assume-role':
      return { kind: 'aws-call', key: target.id, env: ['ECS_SIM_CALL=assume-role', `ECS_SIM_ROLE_ARN=arn:aws:iam::${instance.account}:role/${target.role}`] };
    case 's3-get-object':
      return { kind: 'aws-call', key: target.id, env: ['ECS_SIM_CALL=s3-get-object', `ECS_SIM_BUCKET=${target.bucket}`, `ECS_SIM_KEY=${target.key}`] };
    case 'ecs-exec':
      return { kind: 'aws-call', key: target.id, env: ['ECS_SIM_CALL=ecs-exec'] };
  }
}

/** Work shared by the cells of one expect step (an attack serves every victim). */
export type StepMemo = Map<string, Promise<unknown>>;

/** The deadline of one attack: every route, then one request per ID found (harness/attack/report.ts MAX_IDS). */
const ATTACK_DEADLINE_MS = 30_000;

async function attackOf(instance: EcsInstance, from: ProbeSource, name: string, role: 'task' | 'execution'): Promise<Probeable> {
  const found = instance.tasks.lookup(name);
  if (!found) throw new EcsSimError('NO_SUCH_TASK', `no task "${name}" has run on this instance yet`, { kind: 'input' });
  const { task, state } = found;
  const id = role === 'task' ? task.credentialsId : task.executionCredentialsId;
  const credentials = role === 'task' ? task.credentials : task.executionCredentials;
  if (!id || !credentials) {
    throw new EcsSimError('NO_CREDENTIALS', `task "${name}" has no ${role === 'task' ? 'task role (taskRoleArn)' : 'execution role (executionRoleArn)'}`, { kind: 'input' });
  }
  // The agent drops a task role's credentials when the task stops, an execution role's at cleanup.
  const gone = state === 'cleaned' || (state === 'stopped' && role === 'task') ? `the agent no longer holds them (${name} ${state === 'cleaned' ? 'was cleaned up' : 'has stopped'})` : undefined;
  const victim: Victim = { task: name, role, canary: credentials.AccessKeyId };
  const key = `${role}-credentials:${name}`;
  return {
    kind: 'attack',
    key: `attack:${key}`,
    victim,
    introspection: `http://${await instanceAddressFor(from)}:51678`,
    control: { kind: 'credentials', key, credentialsId: id, canary: credentials.AccessKeyId, own: false, task: name },
    ...(gone ? { gone } : {}),
  };
}

/** What proves a target alive: the same probe from the instance, or for an attack the victim's credentials by ID. */
export function controlOf(p: Probeable): Probeable {
  if (p.kind === 'attack') return p.control;
  // The instance addresses the agent on loopback, whatever the row's own address was.
  if (p.kind === 'introspection') return { ...p, host: '127.0.0.1' };
  return p;
}

/**
 * Runs the attack as each container of the probing task and judges each run; the cell is the
 * worst of them: leaked if any container obtained the credentials, error if any could not decide.
 */
async function attack(instance: EcsInstance, from: ProbeSource, p: Extract<Probeable, { kind: 'attack' }>, step: StepMemo): Promise<TargetProbe> {
  // What a task can find does not depend on whose credentials it is after: one attack per
  // probing place and step serves every victim of that step.
  const key = `attack:${from.kind === 'instance' ? 'instance' : from.task.containerId}`;
  let pending = step.get(key) as ReturnType<EcsInstance['prober']['attack']> | undefined;
  if (!pending) {
    pending = instance.prober.attack(from, { introspection: p.introspection, guesses: 8 }, ATTACK_DEADLINE_MS);
    step.set(key, pending);
  }
  const runs = await pending;
  const verdicts = runs.map(({ container, run }) => {
    const as = runs.length > 1 ? `as container ${container}: ` : '';
    let report: AttackReport;
    try {
      report = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as AttackReport;
    } catch {
      const why = run.exitCode === 137 ? `no result within ${run.deadlineMs / 1000}s` : `exit ${run.exitCode}: ${(run.stderr || run.stdout).trim().slice(0, 200) || 'no output'}`;
      return { outcome: { state: 'error' as const, evidence: { summary: `${as}the attacker's probe broke (${why})`, durationMs: run.durationMs } }, leaked: false };
    }
    const v = judgeAttack(report, p.victim, instance.run.nonce, run.durationMs);
    return { ...v, outcome: { ...v.outcome, evidence: { ...v.outcome.evidence, summary: `${as}${v.outcome.evidence.summary}` } } };
  });
  const pick = verdicts.find((v) => v.leaked) ?? verdicts.find((v) => v.outcome.state === 'error') ?? verdicts[0]!;
  return { outcome: pick.outcome, leaked: pick.leaked };
}

/** Every AWS API the mocks serve answers on STS's address (harness/mocks/aws-api.ts); each SDK client is pointed there by its own variable. */
const awsEndpoints = (instance: EcsInstance): string[] => {
  const endpoint = `http://${instance.mocks.stsAddress}`;
  return [`AWS_ENDPOINT_URL_STS=${endpoint}`, `AWS_ENDPOINT_URL_S3=${endpoint}`, `AWS_ENDPOINT_URL_SSMMESSAGES=${endpoint}`, `AWS_REGION=${instance.region}`];
};

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
export async function probeTarget(instance: EcsInstance, from: ProbeSource, p: Probeable, step: StepMemo = new Map()): Promise<TargetProbe> {
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
    case 'task-metadata':
      return { outcome: await prober.probe(from, { name: 'task-metadata', host: CREDENTIALS_ADDRESS, port: 80, method: 'GET', path: p.path }) };
    case 'attack':
      return attack(instance, from, p, step);
    case 'sts': {
      const run = await prober.client(from, 'sts-identity.mjs', [`AWS_ENDPOINT_URL_STS=${p.endpoint}`, `AWS_REGION=${instance.region}`], CLIENT_DEADLINE_MS);
      return classifyClient(run, instance.run.nonce);
    }
    case 'aws-call': {
      const run = await prober.client(from, 'aws-call.mjs', [...awsEndpoints(instance), ...p.env], CLIENT_DEADLINE_MS);
      return classifyClient(run, instance.run.nonce);
    }
  }
}
