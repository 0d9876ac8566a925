import type { EcsInstance } from '../instance/ecs-instance.ts';
import { CREDENTIALS_ADDRESS, IMDS_ADDRESS } from '../probes/http-target.ts';
import { escapeText } from '../report/escape.ts';
import type { Scenario } from '../scenario/model.ts';
import { stepLabel } from '../runner/results.ts';
import { credentialsRelativeUri } from '../tasks/identifiers.ts';
import type { ShellTarget } from './shell-target.ts';

/**
 * What `ecs-sim shell` prints before the shell opens: where it is, what ran, the mocks'
 * addresses, the task's identity and canary credentials, and how to leave and what follows.
 */
export function shellBanner(o: { scenario: Scenario; steps: number; instance: EcsInstance; target: ShellTarget; keep: boolean; error?: string | undefined }): string[] {
  const { scenario, instance, target } = o;
  const total = scenario.steps.length;
  const last = scenario.steps[o.steps - 1];
  const ran = o.steps === 0 ? `no step run (the scenario has ${total})` : `after step ${o.steps} of ${total}${last ? ` (${stepLabel(last)})` : ''}`;
  const where = target.kind === 'instance' ? `instance ${instance.name} (the EC2 host, as root)` : `task ${target.task.name} (${target.task.networkMode}) on instance ${instance.name}`;
  const lines = [
    `ecs-sim shell: ${where}, ${ran}`,
    `  link ${instance.network.subnet.cidr}: instance ${instance.network.subnet.instance}, mocks ${instance.mocks.address}`,
    `  IMDS ${instance.config.noImds ? 'none (ECS Anywhere)' : `http://${IMDS_ADDRESS}`}   STS http://${instance.mocks.stsAddress}   agent credentials endpoint http://${CREDENTIALS_ADDRESS}`,
  ];
  if (target.kind === 'task') {
    const t = target.task;
    lines.push(`  task ID ${t.taskId}`);
    if (t.credentialsId && t.credentials) lines.push(`  its role ${t.credentials.roleArn}: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=${credentialsRelativeUri(t.credentialsId)}, AccessKeyId ${t.credentials.AccessKeyId}`);
    else lines.push('  no task role (no credentials endpoint for it)');
  }
  if (o.error) lines.push(`  warning: ${o.error}`);
  lines.push(o.keep ? '  leave with `exit` or Ctrl-D: everything stays up afterwards (--keep); `npx ecs-sim gc` removes it' : '  leave with `exit` or Ctrl-D: the instance, its tasks, mocks and network are then removed');
  return lines.map((l) => escapeText(l));
}
