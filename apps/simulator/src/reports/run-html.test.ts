import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '@mqsim/engine';
import { loadScenario, loadScenarioFile, resolveScenario } from '@mqsim/scenario';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderRunHtml } from './run-html.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); elsewhere the browser test needs it too, but a
// machine without it skips rather than fails.
const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';
const builtIn = (name: string) => resolveScenario(name);

async function open(html: string, screenshot: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mqsim-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
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
