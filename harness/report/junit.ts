import type { ScenarioResult } from '../runner/results.ts';
import { checksOf, type Check } from './checks.ts';
import { xmlAttr, xmlText } from './xml.ts';
import { fidelityLine } from './fidelity.ts';

/**
 * JUnit XML, the dialect GitLab and Jenkins read (README "Reports in CI"): a testsuite per
 * scenario, a testcase per check (checks.ts). What those readers use sits on the testcase itself:
 * GitLab ignores testsuite attributes and shows a case's `classname`, `name`, `file`, failure text
 * and `system-out`; Jenkins' JUnit plugin shows the failure message and body and the case's
 * `system-out`. The schema it is tested against is test/unit/report/junit.xsd.
 */
export function junitReport(results: ScenarioResult[]): string {
  const all = results.map((r) => ({ r, checks: checksOf(r) }));
  const count = (checks: Check[], s: Check['state']) => checks.filter((c) => c.state === s).length;
  const totals = (checks: Check[], ms: number) =>
    `tests="${checks.length}" failures="${count(checks, 'wrong')}" errors="${count(checks, 'error')}" skipped="${count(checks, 'ignored')}" time="${secs(ms)}"`;
  const suites = all.map(({ r, checks }) => {
    // The engine and fidelity header (harness/report/fidelity.ts) first: what the result holds for.
    const ranOn = r.fidelity ? `ran on: ${fidelityLine(r.fidelity)}` : `docker engine: ${r.engine}`;
    const said = [ranOn, ...r.notes.map((n) => `note: ${n}`), ...(r.debugBundle ? [`debug bundle: ${r.debugBundle}`] : [])];
    const notes = said.length ? `\n    <system-out>${xmlText(said.join('\n'))}</system-out>` : '';
    // The ecs.config warnings (what a real reader would misread) are what a CI reader most needs beside a pass.
    const errs = [...(r.error ? [r.error] : []), ...r.warnings.map((w) => `warning: ${w}`)];
    const err = errs.length ? `\n    <system-err>${xmlText(errs.join('\n'))}</system-err>` : '';
    return `  <testsuite name="${xmlAttr(r.name)}" ${totals(checks, r.durationMs)}>\n${checks.map((c) => testcase(r.source, c)).join('\n')}${notes}${err}\n  </testsuite>`;
  });
  const everything = all.flatMap((a) => a.checks);
  const ms = results.reduce((n, r) => n + r.durationMs, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ecs-sim" ${totals(everything, ms)}>\n${suites.join('\n')}\n</testsuites>\n`;
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

function testcase(source: string, c: Check): string {
  const where = c.location ? ` file="${xmlAttr(c.location.file)}" line="${c.location.line}"` : ` file="${xmlAttr(source)}"`;
  const open = `    <testcase classname="${xmlAttr(source)}" name="${xmlAttr(c.name)}"${where} time="${secs(c.durationMs)}"`;
  const out = `<system-out>${xmlText(c.evidence)}</system-out>`;
  switch (c.state) {
    case 'correct':
      return `${open}>${out}</testcase>`;
    case 'wrong':
      return `${open}>\n      <failure message="${xmlAttr(c.message)}" type="wrong">${xmlText(c.message)}</failure>\n      ${out}\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${xmlAttr(c.message)}" type="error">${xmlText(c.message)}</error>\n      ${out}\n    </testcase>`;
    case 'ignored':
      return `${open}>\n      <skipped message="${xmlAttr(c.message)}"/>\n      ${out}\n    </testcase>`;
  }
}
