import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HistoryRecord } from '../../src/model/history.js';
import { trendPoints } from '../../src/pipeline/trendPoints.js';
import { renderHtml } from '../../src/report/renderHtml.js';
import type { AuditReport } from '../../src/report/reportModel.js';
import { sampleReport } from '../report/sampleReport.js';
import { ARTIFACTS, launchChromium } from './chromium.js';

const html = (report: AuditReport) => [...renderHtml(report)].join('');

/** The sample report with a management-group tree and a longer history, as a real run has. */
function dashboardReport(): AuditReport {
  const report = sampleReport();
  report.managementGroups = [
    { name: '00000000-0000-0000-0000-0000000000aa', displayName: 'Tenant Root Group', parent: null },
    { name: 'platform', displayName: 'Platform', parent: '00000000-0000-0000-0000-0000000000aa' },
    { name: 'landing-zones', displayName: 'Landing Zones', parent: 'platform' },
  ];
  report.coverage.managedIdentityAdoption = {
    resources: 40,
    withIdentity: 30,
    complete: true,
    byType: [{ type: 'microsoft.web/sites', service: 'App Service', resources: 40, withIdentity: 30 }],
    bySubscription: [],
  };
  report.trend = [
    {
      runId: '20261101T060000Z-cccccc',
      finishedAt: '2026-11-01T06:00:03.000Z',
      status: 'complete',
      bySeverity: { critical: 0, high: 1, medium: 0, low: 1, informational: 0 },
      new: 2,
      resolved: 0,
      medianAgeDays: 0,
    },
    ...report.trend.map((p, i) => ({ ...p, new: i + 1, resolved: 1, medianAgeDays: i })),
  ];
  report.resolved[0] = {
    ...report.resolved[0]!,
    severity: 'medium',
    title: 'Key Vault uses access policies',
  };
  return report;
}

let server: Server;
let browser: Browser;
let url: string;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const page1 = html(dashboardReport());
  server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page1),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dashboard`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]');
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

const shown = () => page.locator('#findings tbody tr').count();
const view = async (name: string) => {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`#view-${name}:not([hidden])`);
};
const resetFilters = async () => {
  await view('findings');
  await page.click('#clear-filters');
};

describe('the dashboard in Chromium', () => {
  it('loads with no console error and no request but the page itself', async () => {
    await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it('says above the fold what run it shows, its scope, trigger and status, and its coverage gaps', async () => {
    const line = (await page.locator('#run-line').textContent()) ?? '';
    expect(line).toContain('scheduled run 20261120T060000Z-aaaaaa');
    expect(line).toContain('scope: the whole tenant (1 subscription)');
    await expect(page.locator('#run-title .badge').textContent()).resolves.toBe('partial');
    const gaps = (await page.locator('#coverage-gaps').textContent()) ?? '';
    expect(gaps).toContain('1 check could not be evaluated');
    const box = await page.locator('#banner').boundingBox();
    expect(box!.y + box!.height).toBeLessThan(900);
  });

  it('shows the summary by severity and filters the table from a card', async () => {
    await expect(page.locator('.card[data-severity=critical] b').textContent()).resolves.toBe('1');
    await page.click('.card[data-severity=critical]');
    await page.waitForSelector('#view-findings:not([hidden])');
    expect(await shown()).toBe(1);
    expect(page.url()).toContain('severity=critical');
    await resetFilters();
  });

  it('filters the table from a check bar and an area bar of the overview', async () => {
    await view('overview');
    await expect(page.locator('#by-check button').count()).resolves.toBe(2);
    await page.click('#by-check button:has-text("Resource that supports managed identities has none")');
    expect(await shown()).toBe(3);
    expect(page.url()).toContain('check=mi-resource-without-identity');
    await resetFilters();
    await view('overview');
    await page.click('#by-area button:has-text("roles")');
    expect(await shown()).toBe(1);
    await resetFilters();
  });

  it('renders a resource named <img src=x onerror=alert(1)> as text', async () => {
    await view('findings');
    const cell = page.locator(
      '#findings tbody tr[data-finding-id="22222222222222222222222222222222"] td.res',
    );
    await expect(cell.textContent()).resolves.toContain('<img src=x onerror=alert(1)>');
    await expect(page.locator('#findings img').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('filters by severity, check, area, subscription, owner and state, and searches', async () => {
    await view('findings');
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
    await page.selectOption('#filter-area', 'roles');
    expect(await shown()).toBe(1);
    await page.selectOption('#filter-area', '');
    await page.selectOption('#filter-subscription', '11111111-1111-1111-1111-111111111111');
    expect(await shown()).toBe(4);
    await page.selectOption('#filter-subscription', '');
    await page.selectOption('#filter-owner', 'orders-team@contoso.example');
    expect(await shown()).toBe(3);
    await page.selectOption('#filter-owner', 'Erin Park (erin@contoso.com)');
    expect(await shown()).toBe(1);
    await page.selectOption('#filter-owner', '');
    await page.fill('#search', 'onerror');
    await expect.poll(shown).toBe(1);
    await page.fill('#search', 'no-such-thing');
    await expect.poll(shown).toBe(0);
    await expect(page.locator('#shown-count').textContent()).resolves.toBe('(0 of 4)');
    await page.fill('#search', '');
    await expect.poll(shown).toBe(4);
  });

  it('keeps the filters in the URL, so a link opens the same view', async () => {
    await view('findings');
    await page.selectOption('#filter-severity', 'low');
    const link = page.url();
    expect(link).toMatch(/#.*view=findings.*severity=low/);
    const other = await browser.newPage();
    await other.goto(link);
    await other.waitForSelector('body[data-ready=true]');
    await expect(other.locator('#findings tbody tr').count()).resolves.toBe(1);
    await expect(other.locator('#filter-severity').inputValue()).resolves.toBe('low');
    await other.close();
    await page.click('#chips .chip[data-filter=severity]');
    expect(await shown()).toBe(4);
  });

  it('groups by management group as a tree with counts, and each group filters the table', async () => {
    await view('groups');
    await page.selectOption('#group-by', 'mg');
    const tree = (await page.locator('#mg-tree').textContent()) ?? '';
    expect(tree).toContain('Tenant Root Group (4)');
    expect(tree).toContain('Platform (4)');
    expect(tree).toContain('Landing Zones (3)');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-groups.png` });
    await page.click('#mg-tree button[data-mg=landing-zones]');
    expect(await shown()).toBe(3);
    expect(page.url()).toContain('mg=landing-zones');
    await resetFilters();
    // Under each group, the subscriptions it holds, each opening its findings.
    await view('groups');
    const sub = page.locator('#mg-tree button[data-mg=landing-zones] + ul button[data-subscription]');
    await expect(sub.textContent()).resolves.toBe('Subscription Prod <script> (11111111) (3)');
    await sub.click();
    expect(await shown()).toBe(4);
    expect(page.url()).toContain('subscription=11111111-1111-1111-1111-111111111111');
    await resetFilters();
  });

  it.each([
    ['subscription', 'Prod <script>', 4],
    ['rg', 'rg', 4],
    ['resource', '<img src=x onerror=alert(1)>', 1],
    ['principal', 'Erin Park', 1],
    ['owner', 'orders-team@contoso.example', 3],
    ['check', 'Privileged role assigned', 1],
    ['area', 'identity', 3],
    ['severity', 'low', 1],
    ['state', 'suppressed', 1],
  ])('groups by %s and opens a group as a filter', async (group, label, count) => {
    await view('groups');
    await page.selectOption('#group-by', group);
    await page.locator('#group-list button', { hasText: label }).first().click();
    await page.waitForSelector('#view-findings:not([hidden])');
    expect(await shown()).toBe(count);
    await resetFilters();
  });

  it('sorts when a column header is clicked', async () => {
    await view('findings');
    await page.click('th[data-sort=severity] button');
    const first = await page.locator('#findings tbody tr').first().getAttribute('data-finding-id');
    await page.click('th[data-sort=severity] button');
    const after = await page.locator('#findings tbody tr').first().getAttribute('data-finding-id');
    expect(first).not.toBe(after);
  });

  it('opens a finding to its owner, place, links, the command with real ids, and evidence', async () => {
    await view('findings');
    await page.click('#findings tbody tr[data-finding-id="33333333333333333333333333333333"] button.open');
    const detail = page.locator('#detail');
    await detail.waitFor({ state: 'visible' });
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('=HYPERLINK("http://evil.example","click") holds Owner');
    expect(text).toContain('Erin Park (erin@contoso.com) (the principal)');
    expect(text).toContain('Remediation');
    expect(text).toContain('Evidence');
    await expect(
      detail.locator('a:has-text("Access control (IAM) of the scope")').getAttribute('href'),
    ).resolves.toBe(
      'https://portal.azure.com/#@00000000-0000-0000-0000-0000000000aa/resource/subscriptions/1/users',
    );
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-finding.png` });
    await page.click('#detail .close');
  });

  it('exports the filtered view as CSV', async () => {
    await view('findings');
    await page.selectOption('#filter-check', 'mi-resource-without-identity');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toContain('"severity","check","checkId"');
    await resetFilters();
  });

  it('shows per-check pass rates by area, by CIS and MCSB control, and the adoption rate', async () => {
    await view('compliance');
    const row = page.locator('tr[data-check=mi-resource-without-identity]');
    // 10 evaluated, 2 distinct resources failing (one finding is suppressed): 80%.
    await expect(row.textContent()).resolves.toContain('80.0%');
    await expect(
      page.locator('tr[data-check=rbac-privileged-role-broad-scope]').textContent(),
    ).resolves.toContain('not evaluated');
    await expect(page.locator('table.controls[data-framework=MCSB]').textContent()).resolves.toContain(
      'MCSB IM-3',
    );
    await expect(page.locator('#mi-adoption').textContent()).resolves.toContain('75.0%');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-compliance.png`, fullPage: true });
  });

  it('plots the trend by date with every severity, values, and new versus resolved per run', async () => {
    await view('trend');
    for (const s of ['critical', 'high', 'medium', 'low', 'informational', 'total'])
      await expect(page.locator(`#trend path[data-series=${s}]`).count()).resolves.toBe(1);
    // Real time spacing: 18 days then 1 day, so the last two points are close together.
    const xs = await page
      .locator('#trend path[data-series=total]')
      .getAttribute('d')
      .then((d) => [...d!.matchAll(/[ML]([\d.]+)/g)].map((m) => Number(m[1])));
    expect(xs[2]! - xs[1]!).toBeLessThan((xs[1]! - xs[0]!) / 5);
    await expect(page.locator('#trend-table tbody tr').count()).resolves.toBe(3);
    await expect(page.locator('#trend').textContent()).resolves.toContain('New versus resolved per run');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-trend.png`, fullPage: true });
  });

  it('lists every change since the last run and describes resolved items', async () => {
    await view('overview');
    const changes = (await page.locator('#changes').textContent()) ?? '';
    expect(changes).toContain('resolved: Key Vault uses access policies on kv1');
    expect(changes).toContain('median age of open findings');
  });

  it('shows coverage: what was read and what could not be', async () => {
    await view('coverage');
    await expect(page.locator('#coverage-errors').textContent()).resolves.toContain(
      'roleAssignments at /subscriptions/2 (403 AuthorizationFailed): denied',
    );
  });

  it('can be used by keyboard: tabs by arrow keys, a finding opened with Enter', async () => {
    await page.focus('#tab-overview');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#tab-findings').getAttribute('aria-selected')).resolves.toBe('true');
    await page.focus('#findings tbody tr button.open');
    await page.keyboard.press('Enter');
    await page.locator('#detail').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.locator('#detail').waitFor({ state: 'hidden' });
  });

  it('works in a narrow window, with the card labels visible', async () => {
    await view('overview');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-narrow.png`, fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await expect(page.locator('.card[data-severity=informational] span').isVisible()).resolves.toBe(true);
    await view('findings');
    expect(await shown()).toBe(4);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('the dashboard opened as a file', () => {
  it('works from report.html on disk, offline, with a failed run said in one sentence and no zero cards', async () => {
    const report = sampleReport();
    report.status = 'failed';
    report.findings = [];
    report.trend = [];
    report.coverage.errors = [
      { source: 'pipeline', scope: 'identity', statusCode: 401, message: 'no managed identity token' },
    ];
    for (const c of report.checks) Object.assign(c, { status: 'error', error: 'no managed identity token' });
    const file = `${ARTIFACTS}/failed-report.html`;
    writeFileSync(file, html(report));
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(pathToFileURL(file).href);
    await p.waitForSelector('body[data-ready=true]');
    await expect(p.locator('#failure').textContent()).resolves.toBe(
      'This run failed and evaluated nothing: pipeline at identity (401): no managed identity token.',
    );
    await expect(p.locator('.card').count()).resolves.toBe(0);
    await expect(p.locator('main').innerText()).resolves.not.toMatch(
      /no managed identity token[\s\S]*no managed identity token[\s\S]*no managed identity token/,
    );
    await p.screenshot({ path: `${ARTIFACTS}/dashboard-failed.png`, fullPage: true });
    expect(errors).toEqual([]);
    await p.close();
  });
});

describe('the trend of a tenant whose first runs were recorded by an older version', () => {
  it('shows the values old records lack, derived from history and marked so, and "-" for none', async () => {
    const report = sampleReport();
    const at = (d: number) => `2026-11-${String(d).padStart(2, '0')}T06:00:00.000Z`;
    const past = (d: number, summary: Record<string, unknown>) => ({
      runId: `202611${String(d).padStart(2, '0')}T060000Z-old${d}`,
      trigger: 'timer' as const,
      status: 'complete' as const,
      requestedAt: at(d),
      startedAt: at(d),
      finishedAt: at(d).replace('06:00:00', '06:00:03'),
      summary: summary as never,
    });
    const history: HistoryRecord[] = ['a', 'b', 'c'].map((id, i) => ({
      id,
      checkId: 'mi-resource-without-identity',
      resourceId: `/subscriptions/1/resourceGroups/rg/providers/Microsoft.Web/sites/${id}`,
      severity: 'high',
      title: 't',
      firstSeen: at(1 + i),
      lastSeen: at(20),
      status: 'open',
      openedAt: at(1 + i),
    }));
    const sev = { critical: 0, high: 2, medium: 0, low: 0, informational: 0 };
    report.trend = trendPoints(
      [
        // Newest first, as the run index lists them: the current version's record, then two old ones.
        past(10, {
          bySeverity: sev,
          new: 0,
          reopened: 0,
          resolved: 0,
          findings: 3,
          medianAgeDays: 8,
          alerts: [],
        }),
        past(2, { bySeverity: sev, new: 1, resolved: 0, findings: 2, alerts: [] }),
        // A run before any finding history: nothing to derive its median age from.
        {
          ...past(1, { bySeverity: sev, new: 2, resolved: 0, findings: 2, alerts: [] }),
          startedAt: undefined,
        },
      ],
      history,
      report.trend.at(-1)!,
    );
    const file = `${ARTIFACTS}/old-history-report.html`;
    writeFileSync(file, html(report));
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${pathToFileURL(file).href}#view=trend`);
    await p.waitForSelector('body[data-ready=true]');
    const cells = (run: string) => p.locator(`#trend-table tr[data-run="${run}"] td`).allTextContents();
    // Run 2 (old record): new counts the one first seen then (a reopened count is not kept), the
    // median age is of the findings open then (a: 1 day, b: 0 days).
    const old = await cells('20261102T060000Z-old2');
    expect(old.slice(-4)).toEqual(['2', '\u22481', '0', '\u22480']);
    expect(old).not.toContain('-');
    await expect(
      p.locator('#trend-table tr[data-run="20261102T060000Z-old2"] td[data-derived]').count(),
    ).resolves.toBe(2);
    // Run 10 (this version's record): as recorded, nothing marked.
    expect((await cells('20261110T060000Z-old10')).slice(-3)).toEqual(['0', '0', '8']);
    // Run 1: no start time in its record, so nothing can be derived: the median age is "-".
    expect((await cells('20261101T060000Z-old1')).at(-1)).toBe('-');
    await expect(p.locator('#trend-derived').textContent()).resolves.toContain(
      'derived from the findings history',
    );
    await p.screenshot({ path: `${ARTIFACTS}/dashboard-trend-old-records.png`, fullPage: true });
    expect(errors).toEqual([]);
    await p.close();
  });
});
