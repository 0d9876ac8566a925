import type { EcsInstance } from '../instance/ecs-instance.ts';
import { imdsMetadata, imdsToken, IMDS_ADDRESS } from '../probes/http-target.ts';
import type { Outcome } from '../probes/outcome.ts';
import type { ProbeSource } from '../probes/prober.ts';
import type { Target } from '../scenario/targets.ts';

/** What probing a target found: the outcome, plus what some verdicts need to know. */
export interface TargetProbe {
  outcome: Outcome;
  /** For credentials targets: the answer carried the named task's canary. */
  leaked?: boolean;
  /** For sts-identity: the role STS named. */
  identity?: string;
}

/** The targets the runner can probe today; the others are refused before a run starts. */
export const SIMULATED_TARGETS: ReadonlySet<Target['kind']> = new Set(['imds', 'imds-token', 'imds-credentials']);

/**
 * Probes one target from one place. Each target's requests follow ECS-FACTS.md: IMDS reads go
 * without a token (IMDSv1) for `imds`; `imds-credentials` first asks for a token and uses it when
 * one comes back, falling back to v1 otherwise, as the AWS SDKs do.
 */
export async function probeTarget(instance: EcsInstance, from: ProbeSource, target: Target, instanceRole: string): Promise<TargetProbe> {
  const { prober } = instance;
  switch (target.kind) {
    case 'imds':
      return { outcome: await prober.probe(from, imdsMetadata) };
    case 'imds-token':
      return { outcome: await prober.probe(from, imdsToken) };
    case 'imds-credentials': {
      const token = await prober.request(from, imdsToken);
      const headers: Record<string, string> = token.outcome.state === 'allowed' && token.body ? { 'X-aws-ec2-metadata-token': token.body.trim() } : {};
      const path = `/latest/meta-data/iam/security-credentials/${instanceRole}`;
      const read = await prober.request(from, { name: 'imds-credentials', host: IMDS_ADDRESS, port: 80, method: 'GET', path, headers });
      return { outcome: read.outcome };
    }
    default:
      return {
        outcome: { state: 'error', evidence: { summary: `the target "${target.id}" is not simulated yet`, durationMs: 0 } },
      };
  }
}
