import { describe, expect, it } from 'vitest';
import { githubAnnotations, githubSummary, MAX_ANNOTATIONS } from '../../../harness/report/github.ts';
import type { ScenarioResult } from '../../../harness/runner/results.ts';
import { SAMPLE_FILE, sampleResults } from './sample-results.ts';

/**
 * How the Actions runner reads a workflow command (actions/runner ActionCommand.cs, TryParseV2):
 * `::name k=v,k=v::message` on one line, then the escapes undone.
 */
function parseCommand(line: string) {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]));
  return { name: m[1]!, props, message: unescape(m[3]!) };
}

/** Many copies of the sample's first scenario, each with wrong cells. */
async function many(n: number): Promise<ScenarioResult[]> {
  const [r] = await sampleResults();
  return Array.from({ length: n }, (_, i) => ({ ...r!, name: `copy ${i}` }));
}

describe('GitHub annotations', () => {
  it('puts wrong checks on their file and line, one command a line, the text coming back whole', async () => {
    const results = await sampleResults();
    const lines = githubAnnotations(results);
    const parsed = lines.map(parseCommand);
    expect(parsed.every((p) => p !== undefined)).toBe(true);
    const first = parsed[0]!;
    expect(first).toMatchObject({ name: 'error', props: { file: SAMPLE_FILE, line: '17' } });
    expect(first.message).toBe('web → imds: expected blocked, found allowed: HTTP 200, 312 bytes');
    // Wrong ones come before the ones that erred.
    expect(parsed.map((p) => p!.props.title!.split(':')[0])).toEqual(['ecs-sim wrong', 'ecs-sim wrong', 'ecs-sim wrong', 'ecs-sim error', 'ecs-sim error', 'ecs-sim error']);
  });

  it('cannot be forged by text from a probe or a scenario: newlines, %, "::" and "," stay inside their command', async () => {
    const results = await sampleResults();
    const hostile = 'a%0A::error file=/etc/passwd::pwned\r\n::warning::two, three: four%';
    const cell = results[0]!.steps[0]!;
    if (cell.state !== 'checked') throw new Error('sample changed');
    cell.cells[0]!.judgement.actual.evidence.summary = hostile;
    results[0]!.name = hostile;
    const text = githubAnnotations(results).join('\n');
    const lines = text.split(/\r?\n|\r/);
    expect(lines).toHaveLength(githubAnnotations(results).length);
    const first = parseCommand(lines[0]!)!;
    expect(first.props.file).toBe(SAMPLE_FILE);
    expect(first.message).toBe(`web → imds: expected blocked, found allowed: ${hostile}`);
    expect(first.props.title).toBe(`ecs-sim wrong: ${hostile}: web-imds → imds`);
  });

  it(`keeps the first ${MAX_ANNOTATIONS} and counts the rest`, async () => {
    const lines = githubAnnotations(await many(8)); // 8 × (2 wrong + 1 error)
    expect(lines).toHaveLength(MAX_ANNOTATIONS + 1);
    expect(lines.slice(0, MAX_ANNOTATIONS).every((l) => l.startsWith('::error '))).toBe(true);
    expect(parseCommand(lines[MAX_ANNOTATIONS]!)).toMatchObject({ name: 'notice', message: expect.stringMatching(/^14 more wrong or erring check\(s\) not annotated/) });
  });

  it('says nothing when every check held', async () => {
    const [r] = await sampleResults();
    expect(githubAnnotations([{ ...r!, steps: [r!.steps[1]!] }])).toEqual([]);
  });
});

describe('GitHub job summary', () => {
  it('draws each truth table as a Markdown table with the wrong cell marked, and the evidence in <details>', async () => {
    const md = githubSummary(await sampleResults());
    expect(md).toContain('| from | imds | sts-identity |');
    expect(md).toContain('| web (bridge) | ❌ **allowed** (expected blocked) | ✅ identity:web-role |');
    expect(md).toMatch(/<details><summary>❌ web-imds → imds \(test\/fixtures\/report\/sample.yaml:17\): web → imds: expected blocked, found allowed/);
    expect(md).toContain('body: "ami-id\\n&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(md).not.toContain('<script>');
    expect(md).toContain('**2 scenario(s)**: 3 wrong, 3 error, 2 ignored, 4 correct');
    expect(md).toContain('- ❌ instance: iptables -S DOCKER-USER: ');
  });

  it('keeps a table cell in its cell: a "|" or a newline in a name does not split the row', async () => {
    const results = await sampleResults();
    const step = results[0]!.steps[0]!;
    if (step.state !== 'checked') throw new Error('sample changed');
    step.cells[0]!.from = 'we|b\nx';
    const row = githubSummary(results).split('\n').find((l) => l.startsWith('| we'))!;
    expect(row.split(' | ')).toHaveLength(3);
  });
});
