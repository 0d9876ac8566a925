import type { TargetOf } from '../scenario/targets.ts';
import { attackPlan } from './attack-target.ts';
import { EVERYWHERE, type TargetModule } from './target.ts';

/** The same attack for the named task's execution role, which the agent keeps until cleanup. */
export const executionCredentialsOf: TargetModule<TargetOf<'execution-credentials-of'>> = {
  spec: {
    name: 'execution-credentials-of',
    runsAwsClient: true,
    parameter: 'task',
    description: "the same attack for the named task's execution-role credentials (held by the agent, never in the task's environment; kept after the task stops until its cleanup)",
    probe: "as credentials-of, for the execution role's ID (in the agent's state, and in awslogs containers' LogConfig)",
    verdicts: ['leaked', 'not-leaked'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
    needsRole: 'named-task',
  },
  plan: (ctx, target, family) => attackPlan(ctx, target.task, 'execution', family),
};
