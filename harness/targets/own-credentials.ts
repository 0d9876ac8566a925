import { EcsSimError } from '../errors.ts';
import type { TargetOf } from '../scenario/targets.ts';
import { settleByControl } from './control.ts';
import { credentialsById } from './credentials-request.ts';
import { REACH, TASKS_ONLY, type TargetModule } from './target.ts';

/** The task's own role credentials, from the agent's endpoint; controlled through the instance's OUTPUT REDIRECT. */
export const ownCredentials: TargetModule<TargetOf<'own-credentials'>> = {
  spec: {
    name: 'own-credentials',
    description: "the task's own role credentials, from the agent's credential endpoint",
    probe: 'GET http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    verdicts: REACH,
    from: TASKS_ONLY,
    kinds: ['ec2', 'external'],
    needsRole: 'probing-task',
  },
  async plan(ctx, target, family) {
    const task = ctx.from.kind === 'task' ? ctx.from.task : undefined;
    if (!task?.credentialsId || !task.credentials) {
      throw new EcsSimError('NO_CREDENTIALS', `${target.id}: ${task ? `task "${task.name}" has no task role` : 'the instance has no task role'}`, { kind: 'input' });
    }
    const { credentialsId: id, credentials } = task;
    const ask = (from: typeof ctx.from) => credentialsById(ctx.instance, from, id, credentials.AccessKeyId, task.name);
    return { key: `credentials:${task.name}`, family, probe: () => ask(ctx.from), control: () => ask({ kind: 'instance' }), settle: settleByControl(target.id) };
  },
};
