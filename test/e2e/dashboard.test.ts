import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderHtml } from '../../src/report/renderHtml.js';
import { sampleReport } from '../report/sampleReport.js';

const ARTIFACTS = 'test-artifacts';
const CHROMIUM =
  process.env['CHROMIUM_PATH'] ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

let server: Server;
let browser: Browser;
let url: string;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  if (!CHROMIUM)
    throw new Error(
      'Chromium is not installed: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH.',
    );
  mkdirSync(ARTIFACTS, { recursive: true });
  const html = renderHtml(sampleReport());
  server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('#findings tbody tr');
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

const shown = () => page.locator('#findings tbody tr').count();

describe('the dashboard in Chromium', () => {
  it('loads with no console error and no request but the page itself', async () => {
    await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it('shows the summary by severity', async () => {
    await expect(page.locator('.card[data-severity=critical] b').textContent()).resolves.toBe('1');
    await expect(page.locator('#by-check .bar').count()).resolves.toBe(2);
    await expect(page.locator('#trend svg path').count()).resolves.toBeGreaterThan(0);
  });

  it('renders a resource named <img src=x onerror=alert(1)> as text', async () => {
    const cell = page.locator(
      '#findings tbody tr[data-finding-id="22222222222222222222222222222222"] td.res',
    );
    await expect(cell.textContent()).resolves.toContain('<img src=x onerror=alert(1)>');
    await expect(page.locator('#findings img').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('filters by severity, check and state, and searches', async () => {
    expect(await shown()).toBe(4);
    await page.selectOption('#filter-severity', 'critical');
    expect(await shown()).toBe(1);
    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-check', 'mi-resource-without-identity');
    expect(await shown()).toBe(3);
    await page.selectOption('#filter-state', 'new');
    expect(await shown()).toBe(1);
    await page.selectOption('#filter-state', 'suppressed');
    expect(await shown()).toBe(1);
    await page.selectOption('#filter-state', '');
    await page.selectOption('#filter-check', '');
    await page.fill('#search', 'onerror');
    expect(await shown()).toBe(1);
    await page.fill('#search', 'no-such-thing');
    expect(await shown()).toBe(0);
    await expect(page.locator('#shown-count').textContent()).resolves.toBe('(0 of 4)');
    await page.fill('#search', '');
    expect(await shown()).toBe(4);
  });

  it('sorts when a column header is clicked', async () => {
    await page.click('th[data-sort=severity]');
    const first = await page.locator('#findings tbody tr').first().getAttribute('data-finding-id');
    await page.click('th[data-sort=severity]');
    const after = await page.locator('#findings tbody tr').first().getAttribute('data-finding-id');
    expect(first).not.toBe(after);
  });

  it('opens a finding to its message, evidence, remediation and CLI', async () => {
    await page.click('#findings tbody tr[data-finding-id="33333333333333333333333333333333"]');
    const detail = page.locator('#detail');
    await detail.waitFor({ state: 'visible' });
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('=HYPERLINK("http://evil.example","click") holds Owner');
    expect(text).toContain('Remediation');
    expect(text).toContain('az webapp identity assign');
    expect(text).toContain('Evidence');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-finding.png` });
    await page.click('#detail .close');
  });

  it('works in a narrow window', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-narrow.png`, fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await shown()).toBe(4);
  });
});
