import type { TargetOf } from '../scenario/targets.ts';
import { awsCallPlan } from './aws-call.ts';
import { EVERYWHERE, REACH, type TargetModule } from './target.ts';

export const assumeRole: TargetModule<TargetOf<'assume-role'>> = {
  spec: {
    name: 'assume-role',
    runsAwsClient: true,
    parameter: 'role',
    description: "whether the caller may assume the named role: STS decides by that role's trust policy, with the caller's session as principal",
    probe: 'sts:AssumeRole on arn:aws:iam::<account>:role/<role> via the AWS SDK default credential chain',
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
  },
  plan: async (ctx, target, family) => awsCallPlan(ctx, target.id, ['ECS_SIM_CALL=assume-role', `ECS_SIM_ROLE_ARN=arn:aws:iam::${ctx.instance.account}:role/${target.role}`], family),
};
