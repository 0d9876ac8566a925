import type { EcsInstance } from '../instance/ecs-instance.ts';
import { classifyClient } from '../probes/classify-client.ts';
import type { ProbeSource } from '../probes/prober.ts';
import type { TargetProbe } from './target.ts';

/** A real SDK client's deadline: its credential providers time out after about a second each. */
export const CLIENT_DEADLINE_MS = 10_000;

/** Every AWS API the mocks serve answers on STS's address (harness/mocks/aws-api.ts); each SDK client is pointed there by its own variable. */
export const awsEndpoints = (instance: EcsInstance): string[] => {
  const endpoint = `http://${instance.mocks.stsAddress}`;
  return [`AWS_ENDPOINT_URL_STS=${endpoint}`, `AWS_ENDPOINT_URL_S3=${endpoint}`, `AWS_ENDPOINT_URL_SSMMESSAGES=${endpoint}`, `AWS_REGION=${instance.region}`];
};

/** Runs one of the real clients (harness/clients/) where the task's code would, and classifies its answer. */
export async function runClient(instance: EcsInstance, from: ProbeSource, script: 'sts-identity.mjs' | 'aws-call.mjs', env: string[]): Promise<TargetProbe> {
  const run = await instance.prober.client(from, script, env, CLIENT_DEADLINE_MS);
  return classifyClient(run, instance.run.nonce);
}
