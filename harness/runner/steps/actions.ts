import { execIn, type ExecResult } from '../../engine/exec.ts';
import type { Step } from '../../scenario/model.ts';
import type { ScenarioContext } from '../context.ts';
import { taskSpec } from '../scenario-config.ts';
import { firewalld, iptablesService, nftablesService } from '../../instance/firewall-services.ts';

type ActionStep = Exclude<Step, { kind: 'expect' }>;
export type ActionOutcome = { state: 'ok' | 'failed'; detail: string };

/** Runs one non-expect step. Throws when the step cannot run at all (the scenario stops). */
export async function runAction(ctx: ScenarioContext, step: ActionStep): Promise<ActionOutcome> {
  const { instance } = ctx;
  switch (step.kind) {
    case 'reboot':
      await instance.reboot();
      return { state: 'ok', detail: `boot ${instance.bootCount}; tasks started again with new IDs: ${names(ctx)}` };
    case 'restart-docker':
      await instance.restartDocker();
      return { state: 'ok', detail: `dockerd restarted, ecs with it; tasks started again with new IDs: ${names(ctx)}` };
    case 'restart-agent':
      await instance.restartAgent();
      return { state: 'ok', detail: `ecs restarted (ecs-init post-stop, pre-start; agent ${instance.agentConfig.agentVersion}); tasks kept running: ${names(ctx)}` };
    case 'iptables-service':
      return iptablesService(instance, step.action);
    case 'firewalld':
      return firewalld(instance, step.action);
    case 'nftables-service':
      return nftablesService(instance, step.action);
    case 'instance':
      return checkCommand(await instance.exec(step.command, { timeoutMs: 60_000 }), step);
    case 'exec': {
      const task = instance.tasks.get(step.task);
      const container = task.containers.get(step.container) ?? task.container;
      return checkCommand(await execIn(container, step.command, { timeoutMs: 60_000 }), step);
    }
    case 'run-task': {
      const def = ctx.scenario.tasks[step.task]!;
      const t = await instance.tasks.start(taskSpec(step.as, def, instance.agentConfig));
      return { state: 'ok', detail: `started ${t.name} (${t.networkMode}, task ${t.taskId})` };
    }
    case 'stop-task':
      await instance.tasks.stop(step.task);
      return { state: 'ok', detail: `stopped ${step.task}` };
  }
}

function checkCommand(r: ExecResult, want: { exitCode: number; stdout?: string; command: string[] }): ActionOutcome {
  const shown = want.command.join(' ').slice(0, 80);
  const out = `${r.stdout}${r.stderr ? `\n[stderr] ${r.stderr}` : ''}`.trim().slice(0, 600);
  if (r.exitCode !== want.exitCode) return { state: 'failed', detail: `\`${shown}\` exited ${r.exitCode}, expected ${want.exitCode}\n${out}` };
  if (want.stdout !== undefined && !new RegExp(want.stdout, 'm').test(r.stdout)) {
    return { state: 'failed', detail: `\`${shown}\` printed nothing matching /${want.stdout}/\n${out}` };
  }
  return { state: 'ok', detail: `\`${shown}\` exited ${r.exitCode}` };
}

const names = (ctx: ScenarioContext) => ctx.instance.tasks.list().map((t) => t.name).join(', ') || 'none';
