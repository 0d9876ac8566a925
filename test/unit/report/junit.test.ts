import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { checksOf } from '../../../harness/report/checks.ts';
import { junitReport } from '../../../harness/report/junit.ts';
import type { ScenarioResult } from '../../../harness/runner/results.ts';
import { SAMPLE_FILE, sampleResults } from './sample-results.ts';

const XSD = new URL('./junit.xsd', import.meta.url);

async function validate(xml: string) {
  const schema = await readFile(XSD, 'utf8');
  return validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: schema }] });
}

/** The testcase elements of a report, by name. */
const testcases = (xml: string) => new Map([...xml.matchAll(/<testcase ([^>]*)>([\s\S]*?)<\/testcase>/g)].map((m) => [/ name="([^"]*)"/.exec(m[1]!)![1]!, { attrs: m[1]!, body: m[2]! }]));

describe('JUnit report', () => {
  it('is valid against the JUnit schema, hostile text included', async () => {
    const results = await sampleResults();
    // Characters XML cannot carry at all, in evidence that came off the wire.
    const first = results[0]!.steps[0]!;
    if (first.state !== 'checked') throw new Error('sample changed');
    first.cells[0]!.judgement.actual.evidence.summary = 'bytes \u0000\u0007\u001b[31m ]]> </testcase>';
    const r = await validate(junitReport(results));
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('the schema check can fail: a testcase without a classname is refused', async () => {
    const xml = junitReport(await sampleResults()).replace(/ classname="[^"]*"/, '');
    expect((await validate(xml)).valid).toBe(false);
  });

  it('has one testcase per cell and per exec or instance check, classname the file, file and line the cell\'s', async () => {
    const results = await sampleResults();
    const xml = junitReport(results);
    const cases = testcases(xml.slice(0, xml.indexOf('</testsuite>')));
    expect([...cases.keys()]).toEqual([
      'web-imds → imds',
      'web-imds → sts-identity',
      'instance → imds',
      "exec web/app: echo 'a%b ::error file=x::forged'".replace(/'/g, '&apos;'),
      'instance: iptables -S DOCKER-USER',
      'instance → imds (2)',
    ]);
    const wrong = cases.get('web-imds → imds')!;
    expect(wrong.attrs).toContain(`classname="${SAMPLE_FILE}"`);
    const source = (await readFile(SAMPLE_FILE, 'utf8')).split('\n');
    const line = Number(/ line="(\d+)"/.exec(wrong.attrs)![1]);
    expect(source[line - 1]).toMatch(/^\s+imds: blocked$/);
    expect(wrong.body).toMatch(/<failure message="web → imds: expected blocked, found allowed: HTTP 200, 312 bytes"/);
    expect(wrong.body).toMatch(/<system-out>[^<]*body: "ami-id\\n&lt;script&gt;/);
    const check = cases.get('instance: iptables -S DOCKER-USER')!;
    expect(source[Number(/ line="(\d+)"/.exec(check.attrs)![1]) - 1]).toMatch(/^\s+- instance:$/);
    expect(check.body).toMatch(/<failure message="`iptables -S DOCKER-USER` printed nothing matching/);
    expect(cases.get('instance → imds')!.body).toMatch(/<error message=/);
    // The totals: what the console's summary line counts, checks of commands included.
    expect(xml).toMatch(/<testsuite name="sample &lt;report&gt; &amp; &quot;friends&quot;" tests="6" failures="2" errors="1" skipped="0"/);
    expect(results[0]!.tally).toEqual({ correct: 3, wrong: 2, error: 1, ignored: 0 });
  });

  it('lists the checks a stopped scenario never ran as skipped, and the step that could not run as an error', async () => {
    const xml = junitReport(await sampleResults());
    const cases = testcases(xml.slice(xml.indexOf('(stopped)')));
    expect(cases.get('instance → imds (2)')!.body).toMatch(/<skipped message="not probed: an earlier step could not run"\/>/);
    expect(cases.get('instance: iptables -S DOCKER-USER')!.body).toMatch(/<skipped /);
    expect(xml).toMatch(/\(stopped\)" tests="6" failures="1" errors="2" skipped="2"/);
  });

  it('keeps every name when a step is inserted before the others', async () => {
    const [r] = await sampleResults();
    const shifted: ScenarioResult = {
      ...r!,
      steps: [{ state: 'ok', kind: 'reboot', index: 0, durationMs: 1, detail: 'boot 2', label: 'reboot' }, ...r!.steps.map((s) => ({ ...s, index: s.index + 1 }))],
    };
    expect(checksOf(shifted).map((c) => c.name)).toEqual(checksOf(r!).map((c) => c.name));
  });

  it('a scenario that never reached a step still has a failing testcase', async () => {
    const [r] = await sampleResults();
    const xml = junitReport([{ ...r!, steps: [], state: 'error', error: 'the scenario could not start: no engine' }]);
    expect(testcases(xml).get('scenario')!.body).toMatch(/<error message="the scenario could not start: no engine"/);
    expect((await validate(xml)).valid).toBe(true);
  });
});
