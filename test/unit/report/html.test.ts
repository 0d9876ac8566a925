import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../../harness/report/html.ts';
import { sampleResults } from './sample-results.ts';

/**
 * The HTML report in a real headless Chromium (Debian's `chromium`, which .ci/run installs):
 * it renders with no console error and no request beyond its own file, its wrong cell shows
 * red, and a screenshot is kept in test/artifacts/ (gitignored) for a human to look at.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../artifacts/', import.meta.url).pathname;
// Outside CI a developer may lack the browser; CI must have it, so there a missing one fails.
const missing = !existsSync(CHROMIUM) && !process.env.CI;
/** Runs in the page, where the DOM is (this project's types are Node's only). */
const background = (el: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor;

describe.skipIf(missing)('HTML report in headless Chromium [slow]', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecs-sim-html-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 60_000 });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders with no console error, loads nothing else, and shows the wrong cell in red', async () => {
    const file = join(dir, 'report.html');
    await writeFile(file, htmlReport(await sampleResults()));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30_000 });

    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.title()).toBe('ecs-sim: 3 wrong, 3 error, 2 ignored, 4 correct');

    const wrong = page.locator('td.wrong[data-cell="web → imds"]').first();
    expect(await wrong.isVisible()).toBe(true);
    expect(await wrong.textContent()).toBe('B → A');
    expect(await wrong.evaluate(background)).toBe('rgb(255, 129, 130)');
    expect(await page.locator('td.correct').first().evaluate(background)).toBe('rgb(218, 251, 225)');
    // The evidence of the wrong check is open; the probe's hostile body is text, not markup.
    const evidence = page.locator('details.check-wrong[open] pre').first();
    expect(await evidence.isVisible()).toBe(true);
    expect(await evidence.textContent()).toContain('body: "ami-id\\n<script>alert(1)</script>"');
    expect(await page.locator('script').count()).toBe(0);
    // Each scenario's timeline lists its steps.
    expect(await page.locator('section.scenario').first().locator('ol.timeline li').count()).toBe(5);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'html-report.png'))).toBe(true);
    await page.close();
  });
});
