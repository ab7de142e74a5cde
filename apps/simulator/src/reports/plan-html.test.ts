import { describe, expect, it } from 'vitest';
import { runPlan } from '../commands/ds-refresh-plan.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { renderPlanHtml } from './plan-html.js';

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

  it('embeds the per-hour series and the mass-restart marker as JSON', () => {
    const json =
      /<script type="application\/json" id="plan-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const data = JSON.parse(json);
    expect(data.times).toHaveLength(672);
    const names = data.series.map((series: { name: string }) => series.name);
    expect([names[0], ...names.slice(1).sort()]).toEqual([
      'all DCs',
      'DC1a',
      'DC1b',
      'DC2a',
      'DC2b',
    ]);
    expect(data.series[0].values[48]).toBe(400);
    expect(data.restartAt).toBe(Date.UTC(2026, 0, 3) / 1000);
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
