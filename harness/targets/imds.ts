import { describeRequest, imdsMetadata, overFamily } from '../probes/http-target.ts';
import type { TargetOf } from '../scenario/targets.ts';
import { imdsPlan } from './imds-request.ts';
import { EVERYWHERE, REACH, type TargetModule } from './target.ts';

/** A metadata read without a token (IMDSv1): 401 when tokens are required (ECS-FACTS.md, IMDS). */
export const imds: TargetModule<TargetOf<'imds'>> = {
  spec: {
    name: 'imds',
    description: 'the instance metadata service answers a metadata read',
    probe: `${describeRequest(imdsMetadata)} (IMDSv1; 401 when tokens are required)`,
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2'],
    families: true,
  },
  plan: async (ctx, _target, family) => imdsPlan(ctx, 'imds', family, async (from) => ({ outcome: await ctx.instance.prober.probe(from, overFamily(imdsMetadata, family)) })),
};
