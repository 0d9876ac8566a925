import { EcsSimError } from '../errors.ts';
import { CREDENTIALS_ADDRESS, type HttpTarget } from '../probes/http-target.ts';
import type { TargetOf } from '../scenario/targets.ts';
import type { ProbeSource } from '../probes/prober.ts';
import { settleByControl } from './control.ts';
import { REACH, TASKS_ONLY, type TargetModule } from './target.ts';

/** The task's own metadata at its first container's ECS_CONTAINER_METADATA_URI_V4 (ecs-agent/tmds/handlers/v4). */
export const taskMetadata: TargetModule<TargetOf<'task-metadata'>> = {
  spec: {
    name: 'task-metadata',
    description: "the task's own metadata from the task metadata endpoint v4 (task ARN, containers; no credentials)",
    probe: 'GET $ECS_CONTAINER_METADATA_URI_V4/task (http://169.254.170.2/v4/<container metadata ID>/task)',
    verdicts: REACH,
    from: TASKS_ONLY,
    kinds: ['ec2', 'external'],
  },
  async plan(ctx, target, family) {
    if (ctx.from.kind !== 'task') throw new EcsSimError('NOT_APPLICABLE', 'task-metadata is probed from a task', { kind: 'input' });
    const task = ctx.from.task;
    const id = task.metadataIds.get([...task.containers.keys()][0] ?? '');
    const request: HttpTarget = { name: 'task-metadata', host: CREDENTIALS_ADDRESS, port: 80, method: 'GET', path: `/v4/${id}/task` };
    const ask = async (from: ProbeSource) => ({ outcome: await ctx.instance.prober.probe(from, request) });
    return { key: `task-metadata:${task.name}`, family, probe: () => ask(ctx.from), control: () => ask({ kind: 'instance' }), settle: settleByControl(target.id) };
  },
};
