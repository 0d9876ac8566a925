import type { HttpTarget } from '../probes/http-target.ts';
import type { TargetOf } from '../scenario/targets.ts';
import { settleByControl } from './control.ts';
import { instanceAddressFor } from './instance-address.ts';
import { EVERYWHERE, REACH, type TargetModule } from './target.ts';

const metadata = (host: string): HttpTarget => ({ name: 'agent-introspection', host, port: 51678, method: 'GET', path: '/v1/metadata' });

/** GET :51678/v1/metadata (agent/handlers/v1), at the address the probing place uses for its host. */
export const agentIntrospection: TargetModule<TargetOf<'agent-introspection'>> = {
  spec: {
    name: 'agent-introspection',
    description: "the agent's introspection API (ecs-init drops it from off-host unless ECS_ALLOW_OFFHOST_INTROSPECTION_ACCESS)",
    probe: 'GET http://<instance address>:51678/v1/metadata',
    verdicts: REACH,
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
  },
  async plan(ctx, target, family) {
    const host = await instanceAddressFor(ctx.from);
    const { prober } = ctx.instance;
    return {
      key: target.kind,
      family,
      probe: async () => ({ outcome: await prober.probe(ctx.from, metadata(host)) }),
      // The instance addresses the agent on loopback, whatever the row's own address was.
      control: async () => ({ outcome: await prober.probe({ kind: 'instance' }, metadata('127.0.0.1')) }),
      settle: settleByControl(target.id),
    };
  },
};
