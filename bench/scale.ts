/**
 * `npm run bench` (after bench/run.ts): 1, 10 and 50 tasks on one instance, each started and
 * probed once (issue 11 item 8), beside the same number of plain container starts and execs in
 * the same nested engine. ecs-sim's extra per task: the agent's state published on each change,
 * the credentials minted, the probe's sidecar.
 */
import { execIn } from '../harness/engine/exec.ts';
import { imageTag } from '../harness/engine/images/catalog.ts';
import { EcsInstance } from '../harness/instance/ecs-instance.ts';
import { IMDS_ADDRESS, imdsMetadata } from '../harness/probes/http-target.ts';
import { SimRun } from '../harness/run/sim-run.ts';
import { printTable, time, type BenchRow } from './measure.ts';

const SIZES = (process.env.BENCH_SCALE ?? '1,10,50').split(',').map(Number);
const rows: BenchRow[] = [];
const run = await SimRun.start({ log: (l) => console.error(l) });
try {
  for (const n of SIZES) {
    const instance = await EcsInstance.boot(run);
    const names = Array.from({ length: n }, (_, i) => `t${i}`);
    let tasks: Awaited<ReturnType<typeof instance.tasks.start>>[] = [];
    const starts = await time(async () => {
      for (const name of names) tasks.push(await instance.tasks.start({ name, networkMode: 'bridge' }));
    });
    let states: string[] = [];
    const probes = await time(async () => {
      states = (await Promise.all(tasks.map((task) => instance.prober.probe({ kind: 'task', task }, imdsMetadata)))).map((o) => o.state);
    });
    if (states.some((s) => s !== 'allowed')) console.error(`scale ${n}: not every probe was allowed: ${states.join(',')}`);

    const raw: Awaited<ReturnType<typeof instance.nested.createContainer>>[] = [];
    const rawStarts = await time(async () => {
      for (const name of names) {
        const c = await instance.nested.createContainer({ name: `raw-${name}`, Image: imageTag('probe'), HostConfig: { NetworkMode: 'bridge' } });
        await c.start();
        raw.push(c);
      }
    });
    const rawExecs = await time(() => Promise.all(raw.map((c) => execIn(c, ['wget', '-q', '-O', '/dev/null', `http://${IMDS_ADDRESS}/latest/meta-data/`]))));
    rows.push({ what: `${n} task(s): start each`, ours: starts, rawWhat: `${n} container create + start`, raw: rawStarts });
    rows.push({ what: `${n} task(s): probe each once`, ours: probes, rawWhat: `${n} execs of one HTTP GET`, raw: rawExecs });
    rows.push({ what: `${n} task(s): start and probe each`, ours: starts + probes, rawWhat: `${n} create + start + exec`, raw: rawStarts + rawExecs });
    tasks = [];
    await instance.destroy();
  }
} finally {
  await run.close();
}
printTable('tasks on one instance (one round each), measured in this run', rows);
