import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parseShard, shardScenarios } from '../../../harness/cli/shard.ts';
import { jsonReport } from '../../../harness/report/json.ts';
import { junitReport } from '../../../harness/report/junit.ts';
import { mergeJunit, parseJsonReport, parseJunitSuites } from '../../../harness/report/merge.ts';
import type { Scenario } from '../../../harness/scenario/model.ts';
import { sampleResults } from './sample-results.ts';

const scenario = (source: string, name = source): Scenario => ({ source, name }) as Scenario;

describe('--shard i/n', () => {
  it('parses i/n and refuses the rest', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/1', '2/1', '1/0', '1', '/2', 'a/b', '-1/2', '1.5/2']) expect(() => parseShard(bad), bad).toThrow(/--shard must be i\/n/);
  });

  it('splits by file: every scenario in exactly one shard, a file\'s scenarios together, whatever order they were loaded in', () => {
    const all = ['b.yaml', 'a.yaml', 'c.yaml', 'd.yaml', 'e.yaml'].flatMap((f) => [scenario(f, `${f} 1`), scenario(f, `${f} 2`)]);
    const shards = [1, 2, 3].map((index) => shardScenarios(all, { index, count: 3 }));
    expect(shards.flat().map((s) => s.name).sort()).toEqual(all.map((s) => s.name).sort());
    for (const shard of shards) for (const s of shard) expect(shards.filter((x) => x.some((y) => y.source === s.source))).toHaveLength(1);
    expect(shardScenarios([...all].reverse(), { index: 2, count: 3 }).map((s) => s.source).sort()).toEqual(shards[1]!.map((s) => s.source).sort());
    expect(shards.map((s) => s.length)).toEqual([4, 4, 2]);
  });
});

describe('merge-reports', () => {
  let dir: string;
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'ecs-sim-merge-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses what is not an ecs-sim JSON report, saying why', () => {
    expect(parseJsonReport('{')).toMatchObject({ ok: false, problem: expect.stringMatching(/^not JSON/) });
    expect(parseJsonReport('{"results": []}')).toMatchObject({ ok: false, problem: expect.stringMatching(/not an ecs-sim JSON report/) });
    expect(parseJsonReport('{"version": 1, "results": [{}]}')).toMatchObject({ ok: false, problem: 'results[0] is not a scenario result (name, steps, tally)' });
    expect(parseJunitSuites('<html/>')).toMatchObject({ ok: false });
  });

  it('joins JUnit files into one valid document with the totals added up', async () => {
    const [a, b] = await sampleResults();
    const joined = mergeJunit([...(parseJunitSuites(junitReport([a!])) as { value: string[] }).value, ...(parseJunitSuites(junitReport([b!])) as { value: string[] }).value]);
    expect(joined).toMatch(/<testsuites name="ecs-sim" tests="12" failures="3" errors="3" skipped="2" time="15.000">/);
    expect(joined.replace(/time="[^"]*"/g, '')).toBe(junitReport([a!, b!]).replace(/time="[^"]*"/g, ''));
    const schema = await readFile(new URL('./junit.xsd', import.meta.url), 'utf8');
    expect((await validateXML({ xml: [{ fileName: 'j.xml', contents: joined }], schema: [{ fileName: 'junit.xsd', contents: schema }] })).valid).toBe(true);
  });

  it('the command joins the shards\' JSON into JSON and JUnit equal to one run\'s', async () => {
    const [a, b] = await sampleResults();
    await writeFile(join(dir, '1.json'), jsonReport([a!]));
    await writeFile(join(dir, '2.json'), jsonReport([b!]));
    const out = { json: join(dir, 'all.json'), junit: join(dir, 'all.xml') };
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'harness/cli.ts', 'merge-reports', '--json', out.json, '--junit', out.junit, join(dir, '1.json'), join(dir, '2.json')]).catch((e: { code: number; stdout: string }) => e);
    expect(r.stdout).toContain('joined 2 scenario(s) of 2 report(s): 3 wrong, 3 error, 2 ignored, 4 correct');
    expect((r as { code?: number }).code).toBe(3); // one shard's scenario erred: the joined run did
    expect(await readFile(out.json, 'utf8')).toBe(jsonReport([a!, b!]));
    expect(await readFile(out.junit, 'utf8')).toBe(junitReport([a!, b!]));
  });
});
