import type Docker from 'dockerode';
import { canaryCredentials } from '../mocks/canary.ts';
import type { AwsMocks } from '../mocks/container.ts';
import { attachAwsvpc, type AwsvpcAddresses } from '../network/awsvpc.ts';
import type { LinkNetwork } from '../network/link-network.ts';
import type { SimRun } from '../run/sim-run.ts';
import { newTaskId } from '../tasks/identifiers.ts';
import type { TaskSetDeps } from '../tasks/task-set.ts';
import type { ExecResult } from '../engine/exec.ts';
import { publishAgentCredentials } from './agent-credentials.ts';
import { loadImageIntoNested } from './load-image.ts';
import type { ResolvedEcsConfig } from './ecs-init/resolve.ts';

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
  exec: (cmd: string[]) => Promise<ExecResult>;
}): TaskSetDeps {
  const { run, account, region, mocks, network, addresses } = opts;
  const instanceId = newTaskId();
  const cluster = () => opts.agentConfig().agent.cluster;
  return {
    nested: opts.nested,
    labels: run.labels('task'),
    get arnParts() {
      return { region, account, cluster: cluster() };
    },
    imageSource: (image) => loadImageIntoNested(run.docker, opts.nested(), image),
    // Six hours, the usual lifetime of task role credentials (ECS-FACTS.md).
    mintCredentials: ({ name, taskId, roleName }) => ({
      roleArn: `arn:aws:iam::${account}:role/${roleName}`,
      ...canaryCredentials(run.nonce, `task-${name}-${taskId.slice(0, 8)}`),
      Expiration: new Date(Date.now() + 6 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }),
    onChange: async (tasks) => {
      await Promise.all([
        publishAgentCredentials(
          opts.instanceContainer,
          { cluster: cluster(), containerInstanceArn: `arn:aws:ecs:${region}:${account}:container-instance/${cluster()}/${instanceId}`, agentVersion: opts.agentConfig().agentVersion },
          tasks,
        ),
        mocks.publishIdentities(account, tasks),
      ]);
    },
    attachAwsvpc: async (pid, tag) => {
      const a = addresses.take();
      try {
        return { attachment: await attachAwsvpc(opts.exec, { pid, tag, subnet: network.subnet, eni: a.eni, bridge: a.bridge, blockImds: opts.agentConfig().agent.awsvpcBlockImds }), release: a.release };
      } catch (err) {
        a.release();
        throw err;
      }
    },
  };
}
