/**
 * Runs inside a task's network namespace (images/aws-client) or on the instance, like
 * sts-identity.ts: real AWS SDK for JavaScript v3 clients with the SDK's default credential chain,
 * exactly as application code (or ECS Exec's SSM agent) would find its credentials. One call,
 * chosen by ECS_SIM_CALL:
 * - `assume-role`: sts:AssumeRole on ECS_SIM_ROLE_ARN;
 * - `s3-get-object`: s3:GetObject of ECS_SIM_BUCKET / ECS_SIM_KEY, path-style;
 * - `ecs-exec`: the four ssmmessages calls of ECS Exec, SigV4-signed with the chain's credentials
 *   (@smithy/signature-v4, the SDK's signer; there is no ssmmessages client in the JS SDK).
 * Endpoints come from AWS_ENDPOINT_URL_STS / _S3 / _SSMMESSAGES (the mocks), so nothing real is
 * asked. Prints one JSON line: the outcome, the nonce header (proof the mock answered) and the
 * mock's `x-ecs-sim-decision` (which statement decided).
 */
import { createHash, createHmac } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';

interface Result {
  state: 'identity' | 'ok' | 'failed';
  arn?: string;
  summary?: string;
  errorName?: string;
  message?: string;
  status?: number;
  nonce?: string;
  decision?: string;
  /** ecs-exec: each action's status. */
  actions?: Record<string, number | string>;
}

const region = process.env.AWS_REGION ?? 'us-east-1';
const headerOf = (h: Record<string, string> | undefined, name: string) => h?.[name];
const decoded = (v: string | undefined) => (v === undefined ? undefined : decodeURIComponent(v));

/** Reads the nonce and decision headers off the raw answer, before the SDK parses it. */
function watch(client: STSClient | S3Client, seen: { nonce?: string; decision?: string }) {
  (client.middlewareStack as STSClient['middlewareStack']).add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string> }).headers;
      seen.nonce = headerOf(headers, 'x-ecs-sim-nonce');
      seen.decision = decoded(headerOf(headers, 'x-ecs-sim-decision'));
      return out;
    },
    { step: 'deserialize', name: 'ecsSimHeaders', priority: 'low' },
  );
}

function failure(err: unknown, seen: { nonce?: string; decision?: string }): Result {
  const e = err as Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
  const nonce = seen.nonce ?? headerOf(e.$response?.headers, 'x-ecs-sim-nonce');
  const decision = seen.decision ?? decoded(headerOf(e.$response?.headers, 'x-ecs-sim-decision'));
  return {
    state: 'failed',
    errorName: e.name,
    message: e.message.slice(0, 300),
    ...(e.$metadata?.httpStatusCode ? { status: e.$metadata.httpStatusCode } : {}),
    ...(nonce ? { nonce } : {}),
    ...(decision ? { decision } : {}),
  };
}

async function assumeRole(): Promise<Result> {
  const seen: { nonce?: string; decision?: string } = {};
  const client = new STSClient({ region, maxAttempts: 1 });
  watch(client, seen);
  try {
    const r = await client.send(new AssumeRoleCommand({ RoleArn: process.env.ECS_SIM_ROLE_ARN, RoleSessionName: 'ecs-sim-probe' }));
    return { state: 'identity', ...(r.AssumedRoleUser?.Arn ? { arn: r.AssumedRoleUser.Arn } : {}), ...(seen.nonce ? { nonce: seen.nonce } : {}), ...(seen.decision ? { decision: seen.decision } : {}) };
  } catch (err) {
    return failure(err, seen);
  }
}

async function s3GetObject(): Promise<Result> {
  const seen: { nonce?: string; decision?: string } = {};
  const client = new S3Client({ region, maxAttempts: 1, forcePathStyle: true });
  watch(client, seen);
  try {
    const r = await client.send(new GetObjectCommand({ Bucket: process.env.ECS_SIM_BUCKET, Key: process.env.ECS_SIM_KEY }));
    const body = (await r.Body?.transformToString()) ?? '';
    return { state: 'ok', summary: body.trim().slice(0, 200), ...(seen.nonce ? { nonce: seen.nonce } : {}), ...(seen.decision ? { decision: seen.decision } : {}) };
  } catch (err) {
    return failure(err, seen);
  }
}

/** SHA-256 over node:crypto in the signer's `Checksum` shape. */
class Sha256 {
  readonly #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | Uint8Array) {
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: string | Uint8Array) {
    this.#h.update(data);
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
}

const EXEC_CALLS: [action: string, method: 'POST' | 'GET', channel: 'control' | 'data'][] = [
  ['CreateControlChannel', 'POST', 'control'],
  ['CreateDataChannel', 'POST', 'data'],
  ['OpenControlChannel', 'GET', 'control'],
  ['OpenDataChannel', 'GET', 'data'],
];

async function ecsExec(): Promise<Result> {
  const endpoint = new URL(process.env.AWS_ENDPOINT_URL_SSMMESSAGES ?? '');
  let credentials;
  try {
    // The default chain exactly as a client would resolve it, without naming its providers.
    credentials = await new STSClient({ region }).config.credentials();
  } catch (err) {
    return failure(err, {});
  }
  const signer = new SignatureV4({ service: 'ssmmessages', region, credentials, sha256: Sha256 as never });
  const actions: Record<string, number | string> = {};
  const denied: string[] = [];
  let nonce: string | undefined;
  const decisions: string[] = [];
  for (const [action, method, channel] of EXEC_CALLS) {
    const path = `/v1/${channel}-channel/ecs-sim-session`;
    const query: Record<string, string> = method === 'GET' ? { stream: 'input' } : {};
    const body = method === 'POST' ? JSON.stringify({ MessageSchemaVersion: '1.0', RequestId: 'ecs-sim', ...(channel === 'data' ? { ClientId: 'ecs-sim' } : {}) }) : undefined;
    const signed = await signer.sign({
      method,
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
      path,
      query,
      headers: { host: endpoint.host, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
    try {
      const url = `${endpoint.origin}${path}${method === 'GET' ? '?stream=input' : ''}`;
      const res = await fetch(url, { method, headers: signed.headers as Record<string, string>, ...(body ? { body } : {}), signal: AbortSignal.timeout(5000) });
      nonce ??= res.headers.get('x-ecs-sim-nonce') ?? undefined;
      const decision = decoded(res.headers.get('x-ecs-sim-decision') ?? undefined);
      if (decision) decisions.push(`${action}: ${decision}`);
      actions[action] = res.status;
      if (res.status !== 200) denied.push(action);
    } catch (err) {
      // fetch hides the socket's errno in `cause`; the harness classifies by it (classify-client.ts).
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { state: 'failed', errorName: (err as Error).name, message: `${action}: ${(err as Error).message}${cause ? ` (${cause})` : ''}`.slice(0, 300), actions };
    }
  }
  const summary = denied.length === 0 ? 'all four ssmmessages calls succeeded' : `denied: ${denied.map((a) => `ssmmessages:${a}`).join(', ')}`;
  const status = denied.length === 0 ? undefined : (actions[denied[0] as string] as number);
  return {
    state: denied.length === 0 ? 'ok' : 'failed',
    summary,
    ...(denied.length > 0 ? { errorName: 'AccessDeniedException', message: summary, ...(status ? { status } : {}) } : {}),
    actions,
    ...(nonce ? { nonce } : {}),
    ...(decisions.length > 0 ? { decision: decisions.join('; ') } : {}),
  };
}

const CALLS: Record<string, () => Promise<Result>> = { 'assume-role': assumeRole, 's3-get-object': s3GetObject, 'ecs-exec': ecsExec };
const call = Object.hasOwn(CALLS, process.env.ECS_SIM_CALL ?? '') ? CALLS[process.env.ECS_SIM_CALL as string] : undefined;
(call ?? (async (): Promise<Result> => ({ state: 'failed', errorName: 'UsageError', message: `ECS_SIM_CALL must be one of ${Object.keys(CALLS).join(', ')}` })))().then((r) => {
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
});
