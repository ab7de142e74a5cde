import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '@mqsim/engine';
import { loadScenario, loadScenarioFile, resolveScenario } from '@mqsim/scenario';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { overlapping, type TextBox, textBoxes } from './page-boxes.js';
import { renderRunHtml } from './run-html.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); elsewhere the browser test needs it too, but a
// machine without it skips rather than fails.
const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';
const builtIn = (name: string) => resolveScenario(name);

async function open(html: string, screenshot: string, timezoneId = 'America/New_York') {
  const dir = mkdtempSync(join(tmpdir(), 'mqsim-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  // A zone far from UTC: every time on the page must still be UTC.
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, timezoneId });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`file://${file}`);
  // The page's script fills the trace box last: once it has text, everything has rendered.
  await page.waitForFunction(
    "(document.getElementById('trace')?.textContent ?? '').length > 0",
    undefined,
    { timeout: 10_000 },
  );
  await page.screenshot({ path: join(dir, screenshot), fullPage: true });
  return { browser, page, errors, dir };
}

type Page = Awaited<ReturnType<typeof open>>['page'];
type Box = TextBox;

/**
 * The seed incident at a glance: the queue's states as bands under the chart, lined up with its
 * time axis; refused and timed-out attempts marked; each action a numbered badge with a legend
 * entry; times in UTC whatever the browser's zone; no two labels on top of each other.
 */
async function expectIncidentAtAGlance(page: Page, result: ReturnType<typeof runScenario>) {
  const actions = result.timeline.filter((entry) => entry.kind === 'action');
  const badges = await textBoxes(page, '#chart .markers .badge');
  expect(badges.map((badge) => badge.text)).toEqual(actions.map((_, index) => String(index + 1)));
  expect(await page.locator('#action-legend li').count()).toBe(actions.length);
  const labels = [
    ...badges,
    ...(await textBoxes(page, '#action-legend li')),
    ...(await textBoxes(page, '.band-label')),
    ...(await textBoxes(page, '.band-key .key')),
    ...(await textBoxes(page, '#why .finding > div')),
    ...(await textBoxes(page, 'h1, h2')),
  ];
  expect(overlapping(labels)).toEqual([]);
  // The queue waits from the renumbering (action 1, 08:10 UTC) to the restarts: its Waiting band
  // starts under badge 1, whose line is at 08:10 on the axis.
  const longest = await page.$$eval('.band-row:not(.attempts) .band.state-Waiting', (bands) =>
    bands
      .map((band) => band.getBoundingClientRect())
      .reduce((a, b) => (b.width > a.width ? b : a), { x: 0, width: 0 }),
  );
  const first = badges[0] as Box;
  expect(Math.abs(longest.x - (first.x + first.width / 2))).toBeLessThan(3);
  expect(await page.locator('.band.state-Connected').count()).toBeGreaterThan(0);
  expect(await page.locator('.attempt.refused').count()).toBeGreaterThan(0);
  expect(await page.locator('.attempt.timed-out').count()).toBeGreaterThan(0);
  // Hovering the chart shows the time under the cursor in UTC (the page runs in New York).
  await page.locator('#chart').scrollIntoViewIfNeeded();
  const plot = await page.locator('#chart .u-over').boundingBox();
  const box = plot as Box;
  await page.mouse.move(box.x + box.width * ((10 * 60) / (120 * 60)) + 0.5, box.y + box.height / 2);
  expect(await page.locator('.u-legend .u-series').first().textContent()).toMatch(
    /2026-11-23 08:1\d UTC/,
  );
  // The trace as a table with absolute times and event types, filtered by type.
  await page.fill('#filter', '');
  expect(await page.locator('#trace tbody tr').first().textContent()).toMatch(
    /^2026-11-23 08:00:00\.000/,
  );
  await page.selectOption('#trace-type', 'tcp.refused');
  const types = await page.locator('#trace tbody tr td:nth-child(3)').allTextContents();
  expect(types.length).toBe(result.outcome.refusedAttempts);
  expect(new Set(types)).toEqual(new Set(['tcp.refused']));
}

describe.skipIf(!haveChromium)('the HTML run report in Chromium', () => {
  it('renders the depth chart, the tables and a working filter for nat-renumbering', async () => {
    const result = runScenario(loadScenarioFile(builtIn('nat-renumbering')));
    const { browser, page, errors, dir } = await open(renderRunHtml(result), 'nat-renumbering.png');
    try {
      expect(errors).toEqual([]);
      expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('.u-legend').textContent()).toContain(
        'APP02 → DIRECT=OS:APP01\\private$\\orders',
      );
      expect(await page.locator('#expectations tbody tr.ok').count()).toBe(
        result.expectations.length,
      );
      expect(await page.locator('table.outgoing tbody tr', { hasText: '10.0.0.20' }).count()).toBe(
        1,
      );
      const all = await page.locator('#timeline tbody tr:visible').count();
      await page.fill('#filter', 'refused');
      const refused = await page.locator('#timeline tbody tr:visible').count();
      expect([refused > 0, refused < all]).toEqual([true, true]);
      expect(await page.locator('#trace').textContent()).toContain('tcp.refused');
      // The Why section beside the chart: the two stale layers of the seed incident.
      expect(await page.locator('#why .layer').allTextContents()).toEqual([
        'msmq-name-cache',
        'msmq-listener-binding',
      ]);
      const chart = await page.locator('#chart').boundingBox();
      const why = await page.locator('#why').boundingBox();
      expect((why?.x ?? 0) > (chart?.x ?? 0) + (chart?.width ?? 0) - 1).toBe(true);
      expect(existsSync(join(dir, 'nat-renumbering.png'))).toBe(true);
      await expectIncidentAtAGlance(page, result);
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('escapes markup and script from the scenario: nothing executes', async () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const text = `name: hostile
description: '${payload}'
start: 2026-11-23T08:00:00Z
duration: 1m
hosts:
  - name: APP01
    interfaces: [{ name: eth0, network: lan, addresses: [10.0.0.1] }]
    queues: [{ name: 'private$\\q' }]
networks: [{ name: lan }]
timeline:
  - { at: 10s, do: note, text: '${payload}' }
`;
    const result = runScenario(loadScenario(text, 'hostile.yaml'));
    const html = renderRunHtml(result);
    expect(html).not.toContain('<script>alert');
    const { browser, page, errors } = await open(html, 'hostile.png');
    try {
      expect(errors).toEqual([]);
      expect(await page.locator('img[src=x]').count()).toBe(0);
      expect(await page.locator('body').textContent()).toContain('<script>alert(2)</script>');
      expect(await page.locator('#chart').textContent()).toBe('No outgoing queues in this run.');
    } finally {
      await browser.close();
    }
  }, 30_000);
});

describe('the HTML run report', () => {
  it("puts each timeline action's effect in its row", () => {
    const result = runScenario(loadScenarioFile(builtIn('nat-renumbering')));
    const index = result.timeline.findIndex((entry) => entry.text === 'ipconfig /flushdns');
    const html = renderRunHtml(result, {
      effects: new Map([[index, 'no effect (outcome identical without it)']]),
    });
    expect(html).toContain('<th>effect (replayed without it)</th>');
    expect(html).toContain(
      '<td>ipconfig /flushdns</td><td class="effect">no effect (outcome identical without it)</td>',
    );
  });
});

describe.skipIf(!haveChromium)('the HTML report of a directory-service run in Chromium', () => {
  it('charts the refreshes, groups the same finding on many hosts, and stays one page', async () => {
    const result = runScenario(loadScenarioFile(builtIn('dc-load')));
    const { browser, page, errors } = await open(renderRunHtml(result), 'dc-load.png');
    try {
      expect(errors).toEqual([]);
      expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('h2').first().textContent()).toMatch(
        /^Directory-service queries over time/,
      );
      // Was a 63,000-pixel page: every refresh in one table, one Why entry per host.
      expect(await page.evaluate('document.body.scrollHeight')).toBeLessThan(8000);
      const hosts = new Set(result.diagnosis.map((finding) => finding.host));
      const findings = await page.locator('#why .finding').count();
      expect(findings).toBeLessThan(hosts.size);
      expect(await page.locator('#why .same').first().textContent()).toMatch(
        /^the same on \d+ more hosts: /,
      );
      const refreshing = new Set(result.refreshes.map((event) => `${event.host} ${event.list}`));
      expect(await page.locator('#refresh-summary tbody tr').count()).toBe(refreshing.size);
      expect(await page.locator('#refreshes').isVisible()).toBe(false);
      // Actions numbered on the chart, dated in the legend (the run is a week long).
      expect(await page.locator('#chart .markers .badge').allTextContents()).toEqual(['1', '2']);
      expect(await page.locator('#action-legend li').first().textContent()).toMatch(
        /^1 2026-11-26 12:00:00 /,
      );
      expect(await page.locator('#expectations tbody td:last-child').first().textContent()).toMatch(
        /^dc-load\.yaml:\d+:\d+$/,
      );
      const labels = [
        ...(await textBoxes(page, '#chart .markers .badge')),
        ...(await textBoxes(page, '#action-legend li')),
        ...(await textBoxes(page, '#why .finding > div')),
        ...(await textBoxes(page, 'h1, h2')),
      ];
      expect(overlapping(labels)).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
