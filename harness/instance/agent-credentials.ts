import { execIn } from '../engine/exec.ts';
import { EcsSimError } from '../errors.ts';
import type { RunningTask } from '../tasks/task.ts';
import type Docker from 'dockerode';

/** Where the simulated agent reads the credentials the control plane would have sent it. */
export const AGENT_CREDENTIALS_FILE = '/run/ecs-sim/agent/credentials.json';

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
  const dir = AGENT_CREDENTIALS_FILE.slice(0, AGENT_CREDENTIALS_FILE.lastIndexOf('/'));
  const r = await execIn(instance, ['sh', '-c', `mkdir -p ${dir} && umask 077 && cat > ${AGENT_CREDENTIALS_FILE}.tmp && mv ${AGENT_CREDENTIALS_FILE}.tmp ${AGENT_CREDENTIALS_FILE}`], {
    stdin: JSON.stringify(file),
    timeoutMs: 15_000,
  });
  if (r.exitCode !== 0) throw new EcsSimError('AGENT_CREDENTIALS', `could not hand credentials to the agent: ${r.stderr.trim()}`, { kind: 'environment' });
}
