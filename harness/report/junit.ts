import type { ScenarioResult, StepResult } from '../runner/results.ts';
import { fidelityProperties } from './fidelity.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * JUnit XML: a testsuite per scenario, a testcase per expectation cell and per action step.
 * Every failure carries a message and the evidence (an empty <failure> tells a CI user nothing).
 */
export function junitReport(results: ScenarioResult[]): string {
  const suites = results.map((r) => {
    const cases = r.steps.flatMap((s) => casesOf(r, s));
    const failures = cases.filter((c) => c.includes('<failure')).length;
    const errors = cases.filter((c) => c.includes('<error')).length;
    const skipped = cases.filter((c) => c.includes('<skipped')).length;
    // The ecs.config warnings are what a CI reader most needs to see beside a pass.
    const err = [...(r.error ? [r.error] : []), ...r.warnings.map((w) => `warning: ${w}`)];
    const extra = err.length ? `\n    <system-err>${esc(err.join('\n'))}</system-err>` : '';
    // The engine and fidelity header (harness/report/fidelity.ts), as JUnit properties.
    const props = `    <properties>\n${[['docker', r.engine] as [string, string], ...(r.fidelity ? fidelityProperties(r.fidelity) : [])].map(([k, v]) => `      <property name="${esc(k)}" value="${esc(v)}"/>`).join('\n')}\n    </properties>\n`;
    return `  <testsuite name="${esc(r.name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(r.durationMs / 1000).toFixed(3)}" file="${esc(r.source)}">\n${props}${cases.join('\n')}${extra}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ecs-sim">\n${suites.join('\n')}\n</testsuites>\n`;
}

function casesOf(r: ScenarioResult, s: StepResult): string[] {
  const time = (ms: number) => (ms / 1000).toFixed(3);
  const cls = esc(r.name);
  if (s.state === 'checked') {
    return s.cells.map((c) => {
      const j = c.judgement;
      const name = esc(`step ${s.index + 1}: ${c.from} → ${c.target}`);
      const expected = j.expected.kind === 'identity' ? `identity:${j.expected.role}` : j.expected.kind;
      const msg = esc(`expected ${expected}, found ${j.found}: ${j.actual.evidence.summary}`);
      const body = j.state === 'wrong' ? `<failure message="${msg}">${msg}</failure>` : j.state === 'error' ? `<error message="${msg}">${msg}</error>` : '';
      return `    <testcase classname="${cls}" name="${name}" time="${time(j.actual.evidence.durationMs)}">${body}</testcase>`;
    });
  }
  const name = esc(`step ${s.index + 1}: ${s.kind}`);
  const msg = esc(s.detail);
  const body = s.state === 'failed' ? `<failure message="${msg.split('\n')[0]}">${msg}</failure>` : s.state === 'error' ? `<error message="${msg.split('\n')[0]}">${msg}</error>` : s.state === 'skipped' ? `<skipped message="${msg}"/>` : '';
  return [`    <testcase classname="${cls}" name="${name}" time="${time(s.durationMs)}">${body}</testcase>`];
}
