import type { TargetOf } from '../scenario/targets.ts';
import { runClient } from './aws-client.ts';
import { settleByControl } from './control.ts';
import { EVERYWHERE, type TargetModule } from './target.ts';

/** GetCallerIdentity by a real SDK client with its default chain; STS at the mocks' link address. */
export const stsIdentity: TargetModule<TargetOf<'sts-identity'>> = {
  spec: {
    name: 'sts-identity',
    runsAwsClient: true,
    description: 'who STS says the caller is, with the credentials the SDK default chain finds',
    probe: 'sts:GetCallerIdentity via the AWS SDK default credential chain',
    verdicts: ['identity', 'blocked', 'denied'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
  },
  async plan(ctx, target, family) {
    const env = [`AWS_ENDPOINT_URL_STS=http://${ctx.instance.mocks.stsAddress}`, `AWS_REGION=${ctx.instance.region}`];
    const ask = (from: typeof ctx.from) => runClient(ctx.instance, from, 'sts-identity.mjs', env);
    return { key: target.kind, family, probe: () => ask(ctx.from), control: () => ask({ kind: 'instance' }), settle: settleByControl(target.id) };
  },
};
