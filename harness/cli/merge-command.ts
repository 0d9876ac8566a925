import { defineCommand } from 'citty';
import { readFile, writeFile } from 'node:fs/promises';
import { EcsSimError } from '../errors.ts';
import { mergeJunit, parseJsonReport, parseJunitSuites } from '../report/merge.ts';
import { summaryLine, totalTally } from '../report/summary.ts';
import type { ScenarioResult } from '../runner/results.ts';
import { exitCodeOf } from './exit-codes.ts';
import { checkReportPaths, writeReports } from './report-files.ts';

const usage = (message: string, fix: string) => new EcsSimError('BAD_ARGUMENT', message, { kind: 'input', fix });

export const mergeReportsCommand = defineCommand({
  meta: { name: 'merge-reports', description: 'Join the JSON (or JUnit) reports of shards (`run --shard i/n`) into one' },
  args: {
    json: { type: 'string', description: 'write the joined results as JSON to this file' },
    junit: { type: 'string', description: 'write the joined results as JUnit XML to this file' },
    html: { type: 'string', description: 'write the joined results as one HTML file' },
  },
  async run({ args }) {
    const inputs = args._;
    if (inputs.length === 0) throw usage('merge-reports: name the shards\' report files', 'ecs-sim merge-reports --json all.json --junit all.xml shard-*/results.json');
    const files = { json: args.json, junit: args.junit, html: args.html };
    if (!files.json && !files.junit && !files.html) throw usage('merge-reports: say what to write', 'add --json FILE, --junit FILE and/or --html FILE');
    checkReportPaths(files);
    const xmlInputs = inputs.filter((f) => f.endsWith('.xml'));
    if (xmlInputs.length && xmlInputs.length !== inputs.length) throw usage('merge-reports: give either JSON reports or JUnit files, not both', 'JSON reports hold everything: merge those, and every format is written from them');
    if (xmlInputs.length && (files.json || files.html)) throw usage('merge-reports: JUnit files can only be joined into JUnit', 'merge the shards\' JSON reports for --json and --html');

    const texts = await Promise.all(
      inputs.map((f) =>
        readFile(f, 'utf8').catch((err: Error) => {
          throw usage(`merge-reports: cannot read ${f}: ${err.message}`, 'name report files that exist (a shard that failed early may have written none)');
        }),
      ),
    );
    if (xmlInputs.length) {
      const suites = texts.flatMap((t, i) => {
        const p = parseJunitSuites(t);
        if (!p.ok) throw usage(`merge-reports: ${inputs[i]}: ${p.problem}`, 'name the JUnit files the shards wrote with --junit');
        return p.value;
      });
      await writeFile(files.junit!, mergeJunit(suites));
      console.log(`joined ${suites.length} test suite(s) of ${inputs.length} file(s) into ${files.junit}`);
      return;
    }
    const results: ScenarioResult[] = texts.flatMap((t, i) => {
      const p = parseJsonReport(t);
      if (!p.ok) throw usage(`merge-reports: ${inputs[i]}: ${p.problem}`, 'name the JSON reports the shards wrote with --json');
      return p.value;
    });
    // The environment's GitHub summary belongs to the shards' own steps; a merge writes files only.
    await writeReports(results, files, {});
    console.log(`joined ${results.length} scenario(s) of ${inputs.length} report(s): ${summaryLine(totalTally(results))}`);
    process.exitCode = exitCodeOf(results);
  },
});
