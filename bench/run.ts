/**
 * `npm run bench`: ecs-sim's costs beside the raw Docker operation each one is built on,
 * measured in the same run on the same engine, as ratios. The machine is noisy: figures are
 * medians of a few rounds, and nothing here is asserted.
 */
import { EcsInstance } from '../harness/instance/ecs-instance.ts';
import { imageTag } from '../harness/engine/images/catalog.ts';
import { execIn } from '../harness/engine/exec.ts';
import { privilegeConfig } from '../harness/instance/host-config.ts';
import { imdsMetadata, IMDS_ADDRESS } from '../harness/probes/http-target.ts';
import { SimRun } from '../harness/run/sim-run.ts';
import { DEFAULT_DEADLINE_MS } from '../harness/probes/prober.ts';
import { median, printTable, time, type BenchRow } from './measure.ts';
import { stsIdentity } from '../harness/targets/sts-identity.ts';
import { benchImageCache } from './image-cache.ts';
import { benchConformance } from './conformance.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const rows: BenchRow[] = [];
const row = (what: string, ours: number[], rawWhat: string, raw: number[]) => rows.push({ what, ours: median(ours), rawWhat, raw: median(raw) });

const run = await SimRun.start({ log: (l) => console.error(l) });
try {
  // 1. Boot to ready, and reboot: EcsInstance vs a plain start/restart of the same image running
  //    a bare dockerd (no boot script), ready when its `docker info` answers.
  const boots: number[] = [];
  const reboots: number[] = [];
  const rawBoots: number[] = [];
  const rawRestarts: number[] = [];
  let instance: EcsInstance | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    let inst: EcsInstance | undefined;
    boots.push(await time(async () => (inst = await EcsInstance.boot(run))));
    reboots.push(await time(() => inst!.reboot()));
    if (i < ROUNDS - 1) await inst!.destroy();
    else instance = inst;

    const raw = await run.docker.createContainer({
      Image: imageTag('instance'),
      name: `${run.id}-raw-${i}`,
      Labels: run.labels('bench'),
      Entrypoint: ['sh', '-c', 'exec dockerd >/dev/null 2>&1'],
      HostConfig: { ...privilegeConfig(inst!.privilege), NetworkMode: 'none', Tmpfs: { '/run': '', '/var/lib/docker': '' } },
    });
    const ready = async () => {
      while ((await execIn(raw, ['docker', 'info'], { timeoutMs: 10_000 })).exitCode !== 0) await new Promise((r) => setTimeout(r, 50));
    };
    rawBoots.push(await time(async () => { await raw.start(); await ready(); }));
    rawRestarts.push(await time(async () => { await raw.restart({ t: 10 }); await ready(); }));
    await raw.remove({ force: true });
  }
  row('instance boot to ready', boots, 'docker start + bare dockerd ready', rawBoots);
  row('instance reboot', reboots, 'docker restart + bare dockerd ready', rawRestarts);

  // 2. An allowed probe vs a plain exec of one HTTP GET in the same task.
  const web = await instance!.tasks.start({ name: 'web', networkMode: 'bridge' });
  await instance!.prober.probe({ kind: 'task', task: web }, imdsMetadata); // sidecar created once
  const probes: number[] = [];
  const rawGets: number[] = [];
  for (let i = 0; i < ROUNDS * 3; i++) {
    probes.push(await time(() => instance!.prober.probe({ kind: 'task', task: web }, imdsMetadata)));
    rawGets.push(await time(() => execIn(web.container, ['wget', '-q', '-O', '/dev/null', `http://${IMDS_ADDRESS}/latest/meta-data/`])));
  }
  row('allowed probe (bridge task → IMDS)', probes, 'exec + one HTTP GET', rawGets);
  const rawTaskStarts: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rawTaskStarts.push(await time(async () => {
      const c = await instance!.nested.createContainer({ name: `raw-start-${i}`, Image: imageTag('probe'), HostConfig: { NetworkMode: 'bridge' } });
      await c.start();
    }));
  }

  // 3. A real SDK client's round trip (sts-identity) vs starting Node in the same sidecar.
  const stsFrom = (task: typeof web) => stsIdentity.plan({ instance: instance!, from: { kind: 'task', task }, instanceRole: '', imdsIpv6Endpoint: false, step: new Map() }, { kind: 'sts-identity', id: 'sts-identity' }, 'ipv4');
  const sts = await stsFrom(web);
  await sts.probe(); // image load and sidecar, once
  const [clientInfo] = await instance!.nested.listContainers({ filters: JSON.stringify({ name: [`client-${web.containerId.slice(0, 12)}`] }) });
  const clientSidecar = instance!.nested.getContainer(clientInfo!.Id);
  const clients: number[] = [];
  const nodeStarts: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    clients.push(await time(() => sts.probe()));
    nodeStarts.push(await time(() => execIn(clientSidecar, ['node', '-e', '0'])));
  }
  row('sts-identity (AWS SDK v3 in the task)', clients, 'exec of node -e 0 in the same sidecar', nodeStarts);

  // 3b. One expect step of sts-identity from 4 tasks that have not been probed yet (issue 11 item
  //     5): each needs its client sidecar, then the SDK's round trip, as runExpect does them, side
  //     by side; vs the same 4 containers created and started and a node started in each.
  const fresh = await Promise.all([0, 1, 2, 3].map((i) => instance!.tasks.start({ name: `sts${i}`, networkMode: 'bridge' })));
  const stepOf4 = await time(() =>
    Promise.all(fresh.map(async (task) => (await stsFrom(task)).probe())),
  );
  const raw4 = await time(() =>
    Promise.all([0, 1, 2, 3].map(async (i) => {
      const c = await instance!.nested.createContainer({ name: `raw-sts-${i}`, Image: imageTag('aws-client'), HostConfig: { NetworkMode: 'bridge' } });
      await c.start();
      await execIn(c, ['node', '-e', '0']);
    })),
  );
  rows.push({ what: 'sts-identity, 4 new tasks in one step', ours: stepOf4, rawWhat: '4 × (create + start + node -e 0)', raw: raw4 });

  // 4. A matrix with blocked cells (four probes behind a DROP) vs one probe deadline.
  await instance!.sh('iptables -I DOCKER-USER 1 -i docker+ -d 169.254.169.254/32 -j DROP');
  const matrices: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    matrices.push(await time(() => Promise.all([0, 1, 2, 3].map(() => instance!.prober.probe({ kind: 'task', task: web }, imdsMetadata)))));
  }
  row('matrix of 4 blocked cells', matrices, 'one probe deadline', [DEFAULT_DEADLINE_MS]);
  await instance!.destroy();

  // 5. A 700 MB task image: loaded once per run into the image cache, then seeded (bench/image-cache.ts).
  const other = await SimRun.start({ log: (l) => console.error(l), gcFirst: false, handleSignals: false });
  try {
    for (const r of await benchImageCache(run, other, ROUNDS, time)) row(r.what, r.ours, r.rawWhat, r.raw);
  } finally {
    await other.close();
  }

  // 6. The conformance suite as `npm start` runs it, in a run of its own (bench/conformance.ts).
  rows.push(...(await benchConformance({ boot: median(rawBoots), restart: median(rawRestarts), request: median(rawGets), taskStart: median(rawTaskStarts) })));
} finally {
  await run.close();
}

printTable(`medians of ${ROUNDS} round(s) (probes: ${ROUNDS * 3}), measured in this run`, rows);
