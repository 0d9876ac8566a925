import type Docker from 'dockerode';
import { EcsSimError, withTimeout } from '../errors.ts';
import { execIn } from '../engine/exec.ts';
import { imageTag } from '../engine/images/catalog.ts';
import type { LinkNetwork } from '../network/link-network.ts';
import { IPV6_OFF_HOST_CONFIG, ipv6UnavailableDetail, ipv6UnavailableError } from '../network/ipv6-unavailable.ts';
import { IMDS_IPV6_ADDRESS, STS_IPV6_ADDRESS, type LinkIpv6 } from '../network/link-ipv6.ts';
import type { RequestLogEntry } from './server.ts';
import type { TaskState } from '../tasks/task.ts';
import { writeFileIn } from '../engine/write-file.ts';
import { formatIdentitiesFile } from './sts/identities-file.ts';

export const REQUEST_LOG = '/var/log/ecs-sim/requests.jsonl';
export const STS_IDENTITIES_FILE = '/run/ecs-sim/sts/identities.json';
/** The roles' policies (harness/mocks/iam/policies-file.ts) and the CloudTrail-like records (harness/mocks/audit.ts). */
export const IAM_POLICIES_FILE = '/run/ecs-sim/iam/policies.json';
export const AUDIT_LOG = '/var/log/ecs-sim/cloudtrail.jsonl';

/** A request-log line: the server's entry plus the service that answered (harness/mocks/main.ts). */
export type MockRequestLogEntry = RequestLogEntry & { service: string };

/**
 * The aws-mocks container of one instance: on the instance's link network at the subnet's .2,
 * holding 169.254.169.254 and the STS address on its loopback (images/aws-mocks/entry.sh). Its request log is a file
 * inside it: only the harness (through the engine's API) can read it; no task can.
 */
export class AwsMocks {
  private constructor(
    readonly container: Docker.Container,
    /** The mocks' link address: the simulated VPC router, next hop for IMDS and the default route. */
    readonly address: string,
    /** Where the mock STS answers (network/sts-address.ts). */
    readonly stsAddress: string,
  ) {}

  static async start(
    docker: Docker,
    opts: {
      name: string;
      labels: Record<string, string>;
      network: LinkNetwork;
      nonce: string;
      imds: { tokens?: string; hopLimit?: number; instanceRole?: string; accountId?: string; region?: string };
      /** Where STS listens: a routed address (network/sts-address.ts), held on the mocks' loopback. */
      stsAddress: string;
      /** ECS Anywhere: nobody holds 169.254.169.254 (IMDS then listens on the mocks' own loopback only). */
      noImds?: boolean;
      /** A dual-stack instance: the link's IPv6 side, and whether IMDS answers at fd00:ec2::254. */
      ipv6?: { link: LinkIpv6; imdsEndpoint: boolean };
      /** For tests: the engine keeps IPv6 off in this container (network/ipv6-unavailable.ts). */
      ipv6Off?: boolean;
    },
  ): Promise<AwsMocks> {
    const config = {
      nonce: opts.nonce,
      imds: {
        ...(opts.imds.tokens ? { tokens: opts.imds.tokens } : {}),
        ...(opts.imds.instanceRole ? { instanceRole: opts.imds.instanceRole } : {}),
        ...(opts.imds.accountId ? { accountId: opts.imds.accountId } : {}),
        ...(opts.imds.region ? { region: opts.imds.region, availabilityZone: `${opts.imds.region}a` } : {}),
      },
      imdsListen: [
        { host: opts.noImds ? '127.0.0.1' : '169.254.169.254', port: 80 },
        ...(opts.ipv6?.imdsEndpoint && !opts.noImds ? [{ host: IMDS_IPV6_ADDRESS, port: 80 }] : []),
      ],
      // STS on a routed address, never a link-local one: the real STS is not link-local.
      sts: {
        listen: [{ host: opts.stsAddress, port: 80 }, ...(opts.ipv6 ? [{ host: STS_IPV6_ADDRESS, port: 80 }] : [])],
        identitiesFile: STS_IDENTITIES_FILE,
        policiesFile: IAM_POLICIES_FILE,
        auditFile: AUDIT_LOG,
      },
      requestLogFile: REQUEST_LOG,
    };
    const container = await docker.createContainer({
      name: opts.name,
      Image: imageTag('aws-mocks'),
      Labels: opts.labels,
      Env: [
        `ECS_SIM_MOCKS_CONFIG=${JSON.stringify(config)}`,
        `ECS_SIM_IMDS_HOP_LIMIT=${opts.imds.hopLimit ?? 1}`,
        `ECS_SIM_STS_ADDRESS=${opts.stsAddress}`,
        `ECS_SIM_NO_IMDS=${opts.noImds ? 1 : 0}`,
        ...(opts.ipv6
          ? [`ECS_SIM_IPV6_ADDRESS=${opts.ipv6.link.mocks}`, `ECS_SIM_STS_IPV6_ADDRESS=${STS_IPV6_ADDRESS}`, `ECS_SIM_IMDS_IPV6=${opts.ipv6.imdsEndpoint && !opts.noImds ? 1 : 0}`]
          : []),
      ],
      HostConfig: {
        CapAdd: ['NET_ADMIN'],
        NetworkMode: opts.network.name,
        Tmpfs: { '/var/log/ecs-sim': '' },
        // The default route of the instance and of the ENIs ends here: the mocks answer for what
        // they hold and forward nothing.
        Sysctls: { 'net.ipv4.ip_forward': '0', ...(opts.ipv6 ? { 'net.ipv6.conf.all.disable_ipv6': '0', 'net.ipv6.conf.all.forwarding': '0' } : {}) },
        // Dual-stack: entry.sh enables IPv6 on eth0 itself, which Docker 26+ disables on the
        // interfaces of IPv4-only networks (moby/moby#47062); /proc/sys (read-only by default)
        // is this container's own network namespace, so writing it touches nothing else.
        ...(opts.ipv6 ? { ReadonlyPaths: [] } : {}),
        ...(opts.ipv6Off ? { ...IPV6_OFF_HOST_CONFIG, Sysctls: { 'net.ipv4.ip_forward': '0', ...IPV6_OFF_HOST_CONFIG.Sysctls } } : {}),
      },
      NetworkingConfig: { EndpointsConfig: { [opts.network.name]: { IPAMConfig: { IPv4Address: opts.network.subnet.mocks } } } },
    });
    const mocks = new AwsMocks(container, opts.network.subnet.mocks, opts.stsAddress);
    await container.start();
    await mocks.waitReady();
    return mocks;
  }

  private async waitReady(timeoutMs = 20_000): Promise<void> {
    await withTimeout('the aws-mocks container to print "ecs-sim-mocks ready"', timeoutMs, async (signal) => {
      while (!signal.aborted) {
        const logs = (await this.container.logs({ stdout: true, stderr: true })).toString('utf8');
        if (logs.includes('ecs-sim-mocks ready')) return;
        const state = (await this.container.inspect()).State;
        if (!state.Running) {
          const ipv6 = ipv6UnavailableDetail(logs);
          if (ipv6 !== undefined) throw ipv6UnavailableError('aws-mocks', ipv6);
          throw new EcsSimError('MOCKS_FAILED', `the aws-mocks container exited (${state.ExitCode}): ${logs.slice(-600)}`, { kind: 'environment' });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  }

  /**
   * Tells the mock STS whose credentials the tasks hold: each task role's keys, with the task ID
   * as the session name, as ECS assumes task roles (ECS-FACTS.md, AWS SDK and CLI as clients).
   */
  /** Every role session the control plane has handed out: task roles of running tasks, execution roles until cleanup. */
  async publishIdentities(account: string, state: TaskState): Promise<void> {
    const sessions = [
      ...state.running.flatMap((t) => [{ t, c: t.credentials }, { t, c: t.executionCredentials }]),
      ...state.stopped.map((s) => ({ t: s.task, c: s.task.executionCredentials })),
    ];
    const identities = sessions.flatMap(({ t, c }) =>
      c
        ? [{
            accessKeyId: c.AccessKeyId,
            secretAccessKey: c.SecretAccessKey,
            sessionToken: c.Token,
            roleName: c.roleArn.slice(c.roleArn.lastIndexOf('/') + 1),
            sessionName: t.taskId,
            account,
          }]
        : [],
    );
    await writeFileIn(this.container, STS_IDENTITIES_FILE, formatIdentitiesFile({ identities }), 'the STS identities');
  }

  /** Every request the mocks answered, oldest first. */
  async requestLog(): Promise<MockRequestLogEntry[]> {
    const r = await execIn(this.container, ['cat', REQUEST_LOG]);
    return r.stdout
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as MockRequestLogEntry);
  }
}
