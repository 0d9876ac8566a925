import type Docker from 'dockerode';
import { canaryCredentials } from '../mocks/canary.ts';
import type { AwsMocks } from '../mocks/container.ts';
import { attachAwsvpc, type AwsvpcAddresses } from '../network/awsvpc.ts';
import type { LinkNetwork } from '../network/link-network.ts';
import type { SimRun } from '../run/sim-run.ts';
import { newTaskId } from '../tasks/identifiers.ts';
import type { TaskSetDeps } from '../tasks/task-set.ts';
import type { ExecResult } from '../engine/exec.ts';
import { agentPublisher } from './agent-credentials.ts';
import type { ResolvedEcsConfig } from './ecs-init/resolve.ts';
import { hasGate } from './ecs-init/agent-versions.ts';
import type { LinkIpv6 } from '../network/link-ipv6.ts';

/**
 * What an instance's tasks are wired to: the nested engine, the control plane's part (minting
 * role credentials and handing them to the agent and to STS) and the CNI plugins' part (awsvpc).
 */
export function taskWiring(opts: {
  run: SimRun;
  /** The configuration the running agent read when it started. */
  agentConfig: () => ResolvedEcsConfig;
  account: string;
  region: string;
  instanceContainer: Docker.Container;
  nested: () => Docker;
  mocks: AwsMocks;
  network: LinkNetwork;
  addresses: AwsvpcAddresses;
  ipv6: LinkIpv6 | undefined;
  exec: (cmd: string[]) => Promise<ExecResult>;
  /** Makes sure the nested engine has an image (EcsInstance.ensureImage). */
  ensureImage: (image: string) => Promise<unknown>;
}): TaskSetDeps {
  const { run, account, region, mocks, network, addresses } = opts;
  const instanceId = newTaskId();
  const cluster = () => opts.agentConfig().agent.cluster;
  const publish = agentPublisher(opts.instanceContainer);
  return {
    nested: opts.nested,
    labels: run.labels('task'),
    get arnParts() {
      return { region, account, cluster: cluster() };
    },
    imageSource: opts.ensureImage,
    // Six hours, the usual lifetime of task role credentials (ECS-FACTS.md).
    mintCredentials: ({ name, taskId, roleName, roleType }) => ({
      roleArn: `arn:aws:iam::${account}:role/${roleName}`,
      ...canaryCredentials(run.nonce, `${roleType === 'TaskApplication' ? 'task' : 'exec'}-${name}-${taskId.slice(0, 8)}`),
      Expiration: new Date(Date.now() + 6 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }),
    onChange: async (state) => {
      await Promise.all([
        publish({ cluster: cluster(), containerInstanceArn: `arn:aws:ecs:${region}:${account}:container-instance/${cluster()}/${instanceId}`, agentVersion: opts.agentConfig().agentVersion }, state),
        mocks.publishIdentities(account, state),
      ]);
    },
    cleanupWaitMs: () => opts.agentConfig().agent.taskCleanupWaitMs,
    awslogsExecutionRoleOverride: () => opts.agentConfig().agent.awslogsExecutionRoleOverride,
    attachAwsvpc: async (pid, tag) => {
      const a = addresses.take();
      try {
        const cfg = opts.agentConfig();
        const ipv6 = opts.ipv6
          ? {
              eni: opts.ipv6.eni(Number(a.eni.split('.')[3])),
              gateway: opts.ipv6.mocks,
              // The IPv6 blackhole came with the CNI plugins of agent 1.69.0 (amazon-ecs-cni-plugins#110).
              blockImds: cfg.agent.awsvpcBlockImds && hasGate(cfg.agentVersion, 'awsvpcBlockImdsIpv6'),
            }
          : undefined;
        const attachment = await attachAwsvpc(opts.exec, { pid, tag, subnet: network.subnet, eni: a.eni, bridge: a.bridge, blockImds: cfg.agent.awsvpcBlockImds, ...(ipv6 ? { ipv6 } : {}) });
        return { attachment, release: a.release };
      } catch (err) {
        a.release();
        throw err;
      }
    },
  };
}
