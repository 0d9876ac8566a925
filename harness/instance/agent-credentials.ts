import { writeFileIn } from '../engine/write-file.ts';
import type { RunningTask } from '../tasks/task.ts';
import type Docker from 'dockerode';

import { AGENT_CREDENTIALS_FILE } from './ecs-init/files.ts';

/** Where the simulated agent reads the credentials the control plane would have sent it. */
export { AGENT_CREDENTIALS_FILE };

/**
 * The simulation's stand-in for ACS, the control plane that pushes task role credentials to the
 * agent: the harness rewrites one file in the instance (atomically, by rename) whenever the
 * tasks change; the agent re-reads it (harness/agent/credentials-file.ts). It lives under /run,
 * so a reboot loses it, as the real agent loses its in-memory credentials.
 */
export async function publishAgentCredentials(
  instance: Docker.Container,
  identity: { cluster: string; containerInstanceArn: string; agentVersion: string },
  tasks: RunningTask[],
): Promise<void> {
  const file = {
    ...identity,
    tasks: tasks.flatMap((t) =>
      t.credentialsId && t.credentials
        ? [
            {
              credentialsId: t.credentialsId,
              taskArn: t.taskArn,
              roleType: 'TaskApplication' as const,
              roleArn: t.credentials.roleArn,
              state: 'ready' as const,
              credentials: {
                AccessKeyId: t.credentials.AccessKeyId,
                SecretAccessKey: t.credentials.SecretAccessKey,
                Token: t.credentials.Token,
                Expiration: t.credentials.Expiration,
              },
            },
          ]
        : [],
    ),
  };
  await writeFileIn(instance, AGENT_CREDENTIALS_FILE, JSON.stringify(file), 'the agent\'s credentials');
}
