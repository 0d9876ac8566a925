/**
 * Runs inside a task's network namespace (images/aws-client) or on the instance: a real AWS SDK
 * for JavaScript v3 client asks STS who it is, with the SDK's default credential chain, exactly
 * as application code would (container credentials when AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
 * is set, else IMDS: ECS-FACTS.md, AWS SDK and CLI as clients). Prints one JSON line.
 * The STS endpoint comes from AWS_ENDPOINT_URL_STS (the mocks' own link address), so nothing
 * real is ever asked; the answer's nonce header is reported so the harness can tell our mock
 * from anything else.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

interface Result {
  state: 'identity' | 'failed';
  arn?: string;
  account?: string;
  errorName?: string;
  message?: string;
  status?: number;
  nonce?: string;
}

async function main(): Promise<Result> {
  let nonce: string | undefined;
  const client = new STSClient({ region: process.env.AWS_REGION ?? 'us-east-1', maxAttempts: 1 });
  // Read the nonce header off the raw answer, before the SDK parses it.
  client.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string> }).headers ?? {};
      nonce = headers['x-ecs-sim-nonce'];
      return out;
    },
    { step: 'deserialize', name: 'ecsSimNonce', priority: 'low' },
  );
  try {
    const r = await client.send(new GetCallerIdentityCommand({}));
    return { state: 'identity', ...(r.Arn ? { arn: r.Arn } : {}), ...(r.Account ? { account: r.Account } : {}), ...(nonce ? { nonce } : {}) };
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
    nonce ??= e.$response?.headers?.['x-ecs-sim-nonce'];
    return {
      state: 'failed',
      errorName: e.name,
      message: e.message.slice(0, 300),
      ...(e.$metadata?.httpStatusCode ? { status: e.$metadata.httpStatusCode } : {}),
      ...(nonce ? { nonce } : {}),
    };
  }
}

main().then((r) => {
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
});
