import type { TargetOf } from '../scenario/targets.ts';
import { awsCallPlan } from './aws-call.ts';
import { EVERYWHERE, REACH, type TargetModule } from './target.ts';

export const s3GetObject: TargetModule<TargetOf<'s3-get-object'>> = {
  spec: {
    name: 's3-get-object',
    runsAwsClient: true,
    parameter: 'object ARN',
    description: "whether the caller's effective permissions let it read the object (a roleless task falls back to the instance role, as its SDK does)",
    probe: "s3:GetObject (path-style) via the AWS SDK default credential chain; the mock S3 answers from the caller's permission policy",
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
  },
  plan: async (ctx, target, family) => awsCallPlan(ctx, target.id, ['ECS_SIM_CALL=s3-get-object', `ECS_SIM_BUCKET=${target.bucket}`, `ECS_SIM_KEY=${target.key}`], family),
};
