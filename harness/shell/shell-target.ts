import type Docker from 'dockerode';
import type { EcsInstance } from '../instance/ecs-instance.ts';
import type { RunningTask } from '../tasks/task.ts';

/** Where `ecs-sim shell` opens its shell: the instance itself, or a task's first container. */
export type ShellTarget = { kind: 'instance' } | { kind: 'task'; task: RunningTask };

/** bash where the image has it (the instance does), else sh (busybox task images). */
const SHELL = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi'];

/**
 * The container and command of the shell. On the instance, a shell as root in its own
 * namespaces (the EC2 host). In a task, the nested engine's own `docker exec -i[t]` into the task's
 * first container, run on the instance: the shell gets every namespace of the container (network,
 * mount, PID), its environment (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) and its user, what the
 * task's own code has; the docker CLI passes the terminal's size and its changes on (docker/cli cli/command/container/tty.go, MonitorTtySize).
 */
export function shellProcess(instance: EcsInstance, target: ShellTarget, tty: boolean): { container: Docker.Container; cmd: string[]; env: string[] } {
  const env = [`TERM=${process.env.TERM || 'xterm'}`];
  if (target.kind === 'instance') return { container: instance.container, cmd: SHELL, env };
  return { container: instance.container, cmd: ['docker', 'exec', tty ? '-it' : '-i', '-e', env[0]!, target.task.containerId, ...SHELL], env };
}
