import type { TargetOf } from '../scenario/targets.ts';
import { attackPlan } from './attack-target.ts';
import { EVERYWHERE, type TargetModule } from './target.ts';

/** Can this task, with only what it can reach from inside, obtain the named task's task-role credentials? */
export const credentialsOf: TargetModule<TargetOf<'credentials-of'>> = {
  spec: {
    name: 'credentials-of',
    runsAwsClient: true,
    parameter: 'task',
    description: "whether this task, with only what it can reach from inside, can obtain the named task's task-role credentials",
    probe: "the attacker's probe (harness/attack/), run with the task's namespaces, mounts, user and capabilities: /proc/*/environ, a mounted Docker socket, files in its mounts (the agent's data and logs), :51678/v1/tasks, the task metadata endpoint, random IDs; then GET http://169.254.170.2/v2/credentials/<id> for each ID found",
    verdicts: ['leaked', 'not-leaked'],
    from: EVERYWHERE,
    kinds: ['ec2', 'external'],
    needsRole: 'named-task',
  },
  plan: (ctx, target, family) => attackPlan(ctx, target.task, 'task', family),
};
