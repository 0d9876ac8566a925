import { credentialsRequest } from '../probes/http-target.ts';
import type { ProbeSource } from '../probes/prober.ts';
import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { TargetProbe } from './target.ts';

/**
 * A task's credentials by its ID, as the SDKs read AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:
 * GET 169.254.170.2/v2/credentials/<id>. `leaked` when the answer carries that task's canary; a
 * 200 with anybody else's credentials is the agent's bug, not a verdict.
 */
export async function credentialsById(instance: EcsInstance, from: ProbeSource, id: string, canary: string, task: string): Promise<TargetProbe> {
  const r = await instance.prober.request(from, credentialsRequest(id));
  const carries = r.outcome.state === 'allowed' && (r.body ?? '').includes(canary);
  if (r.outcome.state === 'allowed' && !carries) {
    return { outcome: { state: 'error', evidence: { ...r.outcome.evidence, summary: `the agent answered ${task}'s credential ID with other credentials` } } };
  }
  return { outcome: r.outcome, leaked: carries };
}
