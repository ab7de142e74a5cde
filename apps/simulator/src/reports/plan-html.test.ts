import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../commands/ds-refresh-plan.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { overlapping, textBoxes } from './page-boxes.js';
import { bucketsPerPoint, renderPlanHtml } from './plan-html.js';

const flags = {
  machines: '200',
  routingServers: '0',
  sites: '2',
  dcsPerSite: '2',
  siteHours: '168',
  enterpriseHours: '672',
  retryMinutes: '60',
  period: '28d',
  bucket: '1h',
  start: '2026-01-01T00:00:00Z',
  seed: '1',
  massRestart: '2d',
  deleteValues: true,
  siteBytes: '4096',
  enterpriseBytes: '65536',
};

describe('renderPlanHtml', () => {
  const html = renderPlanHtml(runPlan(flags));

  it('is one self-contained page: the chart library is inlined and nothing is fetched', () => {
    expect(html).toContain('uPlot');
    // (uPlot's code mentions the SVG namespace URL; it loads nothing.)
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img|@import|url\(/);
  });

  it('embeds the per-hour series, the defaults and the mass-restart marker as JSON', () => {
    const json =
      /<script type="application\/json" id="plan-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const data = JSON.parse(json);
    // 672 hours are more than 500 points: drawn as 336 pairs of hours.
    expect(data.times).toHaveLength(336);
    expect(data.top.map((dc: { name: string }) => dc.name).sort()).toEqual([
      'DC1a',
      'DC1b',
      'DC2a',
      'DC2b',
    ]);
    // The restart at day 2 with the values deleted: all 200 machines query in its hour.
    expect(data.total.peak[24]).toBe(400);
    expect(data.defaults).toHaveLength(336);
    expect(data.marks).toEqual([{ at: Date.UTC(2026, 0, 3) / 1000, to: null, kind: 'restart' }]);
  });

  it("groups a long plan into whole days, keeping each day's busiest hour", () => {
    expect(bucketsPerPoint(672)).toBe(2);
    expect(bucketsPerPoint(500)).toBe(1);
    expect(bucketsPerPoint(8760)).toBe(24);
    const year = renderPlanHtml(runPlan({ ...flags, period: '365d', massRestart: '30d' }));
    const data = JSON.parse(
      /<script type="application\/json" id="plan-data">(.*?)<\/script>/s.exec(year)?.[1] ?? '',
    );
    expect(data.times).toHaveLength(365);
    expect(data.times[1] - data.times[0]).toBe(86_400);
    expect(data.total.peak[30]).toBe(400);
    expect(data.total.mean[30]).toBeLessThan(400);
  });

  it('lists every DC in the table', () => {
    expect(html.match(/<tr><td>DC\d[ab]<\/td>/g)).toHaveLength(4);
  });
});

describe('HTML escaping', () => {
  it('escapes markup in text', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;',
    );
  });

  it('keeps script-closing text out of embedded JSON, and the JSON still parses', () => {
    const hostile = { name: '</script><script>alert(1)</script>\u2028&' };
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(hostile);
  });
});

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); a machine without it skips.
const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!haveChromium)('the DC-load plan in Chromium', () => {
  it('is readable at 100,000 machines and 40 DCs over a year, marks labelled, nothing overlapping', async () => {
    const report = runPlan({
      ...flags,
      machines: '100000',
      sites: '20',
      dcsPerSite: '2',
      siteHours: '24',
      period: '365d',
      massRestart: '30d',
      outage: ['DC1a@10d+6h', 'DC5a@200d+2d'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'mqsim-plan-'));
    const file = join(dir, 'plan.html');
    writeFileSync(file, renderPlanHtml(report));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${file}`);
      await page.waitForSelector('#chart canvas');
      await page.screenshot({ path: join(dir, 'plan.png'), fullPage: true });
      expect(errors).toEqual([]);
      // One page, not a chart followed by tens of thousands of pixels.
      expect(await page.evaluate('document.body.scrollHeight')).toBeLessThan(4000);
      expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('#top-chart .u-legend .u-series').count()).toBe(1 + 5);
      // The restart and both outages, numbered on the chart and spelled out below it.
      const badges = await textBoxes(page, '#chart .markers .badge');
      expect(badges.map((badge) => badge.text)).toEqual(['1', '2', '3']);
      const legend = await page.locator('#marks li').allTextContents();
      expect(legend).toEqual([
        expect.stringMatching(/^1 2026-01-11 00:00: DC1a answers nothing for 6h$/),
        expect.stringMatching(
          /^2 2026-01-31 00:00: every machine restarts, its DSNext…RefreshTime values deleted/,
        ),
        expect.stringMatching(/^3 2026-07-20 00:00: DC5a answers nothing for 2d$/),
      ]);
      const boxes = [...badges, ...(await textBoxes(page, '#marks li, h1, h2, .summary div'))];
      expect(overlapping(boxes)).toEqual([]);
      // Every DC in the table, numbers with thousands separators.
      expect(await page.locator('#dcs tbody tr').count()).toBe(40);
      expect(
        await page.locator('#dcs tbody tr').first().locator('td').nth(2).textContent(),
      ).toMatch(/^\d{1,3}(,\d{3})+$/);
      expect(await page.locator('.summary').textContent()).toMatch(
        /with MSMQ's defaults\s*\d{1,3}(,\d{3})+/,
      );
    } finally {
      await browser.close();
    }
  }, 60_000);
});
