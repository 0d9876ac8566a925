import { describeRequest, imdsToken as tokenRequest, overFamily } from '../probes/http-target.ts';
import type { TargetOf } from '../scenario/targets.ts';
import { imdsPlan } from './imds-request.ts';
import { EVERYWHERE, REACH, type TargetModule } from './target.ts';

/** IMDSv2's session token: the PUT's answer obeys the hop limit (ECS-FACTS.md, IMDS). */
export const imdsToken: TargetModule<TargetOf<'imds-token'>> = {
  spec: {
    name: 'imds-token',
    description: 'an IMDSv2 session token can be had (the PUT answer obeys the hop limit)',
    probe: describeRequest(tokenRequest),
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2'],
    families: true,
  },
  plan: async (ctx, _target, family) => imdsPlan(ctx, 'imds-token', family, async (from) => ({ outcome: await ctx.instance.prober.probe(from, overFamily(tokenRequest, family)) })),
};
