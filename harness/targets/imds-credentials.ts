import type { TargetOf } from '../scenario/targets.ts';
import { imdsCredentialsRead, imdsPlan } from './imds-request.ts';
import { EVERYWHERE, REACH, type TargetModule } from './target.ts';

/** The instance role's credentials from IMDS, with a token when one can be had. */
export const imdsCredentials: TargetModule<TargetOf<'imds-credentials'>> = {
  spec: {
    name: 'imds-credentials',
    description: "the instance role's credentials can be read from IMDS",
    probe: 'GET /latest/meta-data/iam/security-credentials/<instance role>, with a token when one can be had (as the SDKs do)',
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2'],
    families: true,
  },
  plan: async (ctx, _target, family) => imdsPlan(ctx, 'imds-credentials', family, (from) => imdsCredentialsRead(ctx, from, ctx.instanceRole, family)),
};
