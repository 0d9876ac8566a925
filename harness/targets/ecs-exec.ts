import type { TargetOf } from '../scenario/targets.ts';
import { awsCallPlan } from './aws-call.ts';
import { REACH, TASKS_ONLY, type TargetModule } from './target.ts';

export const ecsExec: TargetModule<TargetOf<'ecs-exec'>> = {
  spec: {
    name: 'ecs-exec',
    runsAwsClient: true,
    description: "whether ECS Exec could open its channels: the four ssmmessages actions, with the credentials the task's SSM agent would use",
    probe: "ssmmessages CreateControlChannel, CreateDataChannel, OpenControlChannel, OpenDataChannel, SigV4-signed with the default chain's credentials",
    verdicts: REACH,
    from: TASKS_ONLY,
    kinds: ['ec2', 'external'],
  },
  plan: async (ctx, target, family) => awsCallPlan(ctx, target.id, ['ECS_SIM_CALL=ecs-exec'], family),
};
