import { EcsSimError } from '../errors.ts';
import type { TargetOf } from '../scenario/targets.ts';
import { settleByControl } from './control.ts';
import { credentialsById } from './credentials-request.ts';
import { EVERYWHERE, type TargetModule } from './target.ts';

/**
 * The mechanism, not a finding: the probe is handed the named task's credential ID and asks with
 * it. It shows that the ID is the only key (nothing checks who asks: ECS-FACTS.md); whether a task
 * can learn the ID is `credentials-of`'s question.
 */
export const credentialsByIdTarget: TargetModule<TargetOf<'credentials-by-id'>> = {
  spec: {
    name: 'credentials-by-id',
    parameter: 'task',
    description: "the mechanism, not a finding: the named task's credentials, asked for with its credential ID handed to the probe (nothing checks who asks: ECS-FACTS.md)",
    probe: "GET http://169.254.170.2/v2/credentials/<the named task's credential ID>",
    verdicts: ['leaked', 'not-leaked', 'blocked', 'denied'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
    needsRole: 'named-task',
  },
  async plan(ctx, target, family) {
    const task = ctx.instance.tasks.get(target.task);
    if (!task.credentialsId || !task.credentials) throw new EcsSimError('NO_CREDENTIALS', `${target.id}: task "${task.name}" has no task role`, { kind: 'input' });
    const { credentialsId: id, credentials } = task;
    const ask = (from: typeof ctx.from) => credentialsById(ctx.instance, from, id, credentials.AccessKeyId, task.name);
    return { key: `credentials:${task.name}`, family, probe: () => ask(ctx.from), control: () => ask({ kind: 'instance' }), settle: settleByControl(target.id) };
  },
};
