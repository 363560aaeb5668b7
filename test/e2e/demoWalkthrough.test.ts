import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderHtml } from '../../src/report/renderHtml.js';
import type { AuditReport, ReportFinding } from '../../src/report/reportModel.js';
import { ARTIFACTS, launchChromium } from './chromium.js';

/**
 * Issue #18's "Done when", walked as a user would on the demo tenant: `npm run demo` twice on one
 * state (so there is history), then the dashboard it wrote, opened in Chromium. Each step keeps a
 * screenshot in test-artifacts/demo-*.png.
 */
const run = promisify(execFile);

let dir: string;
let report: AuditReport;
let server: Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let url: string;
const errors: string[] = [];
const followed: string[] = [];

async function demo(state: string, out: string): Promise<void> {
  await run('npx', ['tsx', 'scripts/demo.ts', '--state', state, '--out', out], {
    timeout: 240_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

const shownCount = async () =>
  Number(/\((\d+) of/.exec((await page.locator('#shown-count').textContent()) ?? '')?.[1]);

/** Opens the dashboard at a link, as a user pasting it would (the page re-reads its URL). */
async function openLink(hash: string): Promise<void> {
  await page.evaluate((h) => {
    history.replaceState(null, '', `#${h}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }, hash);
}

const shot = (name: string, fullPage = false) =>
  page.screenshot({ path: `${ARTIFACTS}/demo-${name}.png`, fullPage });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'dashboard-demo-'));
  // DASHBOARD_E2E_DEMO_OUT reuses the reports of an earlier walk (for work on this test only).
  const out = process.env['DASHBOARD_E2E_DEMO_OUT'] ?? join(dir, 'out');
  if (!process.env['DASHBOARD_E2E_DEMO_OUT']) {
    await demo(join(dir, 'state'), join(dir, 'first'));
    await demo(join(dir, 'state'), out);
  }
  report = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as AuditReport;
  // (Reused reports are re-rendered, so that the page has this checkout's script.)
  const html = process.env['DASHBOARD_E2E_DEMO_OUT']
    ? [...renderHtml(report)].join('')
    : readFileSync(join(out, 'report.html'));
  server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/audit/dashboard`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  // Links leave for the portal and Microsoft Learn; offline, a stand-in page answers where they lead.
  await context.route(/^https:\/\/(portal\.azure\.com|learn\.microsoft\.com)\//, (route) => {
    followed.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>stand-in</title>' });
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]');
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const count = (pred: (f: ReportFinding) => boolean) => report.findings.filter(pred).length;

describe('the demo tenant, walked as a user would, without reading JSON', () => {
  it('says what ran and how complete it was, above the fold', async () => {
    expect(errors).toEqual([]);
    const line = (await page.locator('#run-line').textContent()) ?? '';
    expect(line).toContain(`scheduled run ${report.runId}`);
    expect(line).toContain(`scope: the whole tenant (${report.coverage.subscriptions.length} subscriptions)`);
    await expect(page.locator('#run-title .badge').textContent()).resolves.toBe(report.status);
    const banner = (await page.locator('#banner').textContent()) ?? '';
    expect(banner).toContain(
      `${report.coverage.subscriptions.length} subscriptions and ${report.coverage.workspaces.length} Log Analytics workspaces`,
    );
    const box = await page.locator('#banner').boundingBox();
    expect(box!.y + box!.height).toBeLessThan(900);
    await shot('1-overview');
  });

  it('opens every management group of the tree and sees its findings', async () => {
    const groups = report.managementGroups ?? [];
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) {
      await page.click('#tab-groups');
      await page.selectOption('#group-by', 'mg');
      const expected = count((f) => f.managementGroupPath?.includes(g.name) ?? false);
      await expect(page.locator(`#mg-tree button[data-mg="${g.name}"]`).textContent()).resolves.toContain(
        `${g.displayName} (${expected})`,
      );
      if (g.parent === null) await shot('2-management-groups');
      // The subscriptions a group holds sit under it, each with its count, and open their findings.
      for (const s of report.coverage.subscriptions) {
        const under = count(
          (f) =>
            f.managementGroupPath?.at(-1) === g.name &&
            f.subscriptionId?.toLowerCase() === s.subscriptionId.toLowerCase(),
        );
        const button = page.locator(
          `#mg-tree button[data-mg="${g.name}"] + ul > li > button[data-subscription="${s.subscriptionId.toLowerCase()}"]`,
        );
        await expect(button.count(), `${g.name} ${s.displayName}`).resolves.toBe(under ? 1 : 0);
        // Two of the demo's subscriptions are both named Prod: each is named with its whole id.
        if (under)
          await expect(button.textContent()).resolves.toBe(
            `Subscription ${s.displayName} (${s.displayName === 'Prod' ? s.subscriptionId : s.subscriptionId.slice(0, 8)}) (${under})`,
          );
      }
      await page.click(`#mg-tree button[data-mg="${g.name}"]`);
      expect(await shownCount(), g.name).toBe(expected);
      if (expected) expect(await page.locator('#findings tbody tr').count()).toBeGreaterThan(0);
    }
    await page.click('#clear-filters');
  });

  it('opens every subscription and sees its findings', async () => {
    await page.click('#tab-findings');
    for (const s of report.coverage.subscriptions) {
      await page.selectOption('#filter-subscription', s.subscriptionId.toLowerCase());
      const expected = count((f) => f.subscriptionId?.toLowerCase() === s.subscriptionId.toLowerCase());
      expect(await shownCount(), s.displayName).toBe(expected);
    }
    await shot('3-subscription');
    await page.click('#clear-filters');
  });

  it('opens any resource and any principal (from the groups, and from a link)', async () => {
    await page.click('#tab-groups');
    await page.selectOption('#group-by', 'resource');
    const first = page.locator('#group-list button').first();
    const label = (await first.getAttribute('aria-label')) ?? '';
    await first.click();
    expect(await shownCount()).toBe(Number(/: (\d+) findings/.exec(label)?.[1]));
    await shot('4-resource');
    for (const id of new Set(report.findings.map((f) => f.resourceId))) {
      await openLink(`view=findings&resource=${encodeURIComponent(id.toLowerCase())}`);
      expect(await shownCount(), id).toBe(count((f) => f.resourceId.toLowerCase() === id.toLowerCase()));
    }
    const principals = new Set(report.findings.flatMap((f) => (f.principalId ? [f.principalId] : [])));
    expect(principals.size).toBeGreaterThan(3);
    for (const id of principals) {
      await openLink(`view=findings&principal=${encodeURIComponent(id.toLowerCase())}`);
      expect(await shownCount(), id).toBe(count((f) => f.principalId?.toLowerCase() === id.toLowerCase()));
    }
    await page.click('#tab-groups');
    await page.selectOption('#group-by', 'principal');
    await page.locator('#group-list button', { hasText: 'Erin Park' }).first().click();
    expect(await shownCount()).toBe(count((f) => (f.principalName ?? '').startsWith('Erin Park')));
    await shot('5-principal');
    await page.click('#clear-filters');
  });

  it('follows a link from a finding to its resource in the Azure portal', async () => {
    const f = report.findings.find((x) => x.checkId === 'mi-resource-without-identity')!;
    await openLink(`view=findings&resource=${encodeURIComponent(f.resourceId.toLowerCase())}`);
    await page.click(`#findings tbody tr[data-finding-id="${f.id}"] button.open`);
    await page.locator('#detail').waitFor({ state: 'visible' });
    await shot('6-finding');
    const [portal] = await Promise.all([
      context.waitForEvent('page'),
      page.click('#detail a:has-text("Open in the Azure portal")'),
    ]);
    await portal.waitForLoadState();
    expect(portal.url()).toBe(f.links!.portal);
    expect(portal.url()).toBe(`https://portal.azure.com/#@${report.tenantId}/resource${f.resourceId}`);
    await portal.close();
    await page.keyboard.press('Escape');
  });

  it('copies, for every finding, a remediation command that runs as is with the real ids', async () => {
    // Placeholders left on purpose: what only the user can supply (README, Outputs).
    const USER_INPUT = /<(role\.json|credential\.json|keyId|vaultId)>/;
    const ran: string[] = [];
    for (const f of report.findings) {
      await openLink(`view=findings&resource=${encodeURIComponent(f.resourceId.toLowerCase())}`);
      await page.click(`#findings tbody tr[data-finding-id="${f.id}"] button.open`);
      await page.locator('#detail').waitFor({ state: 'visible' });
      await page.click('#detail button:has-text("Copy command")');
      await expect.poll(() => page.locator('#detail button:has-text("Copied")').count()).toBe(1);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      await page.keyboard.press('Escape');
      await page.locator('#detail').waitFor({ state: 'hidden' });
      expect(copied, f.checkId).toBe(f.remediation.cli);
      if (USER_INPUT.test(copied)) continue;
      expect(copied, `${f.checkId}: ${copied}`).not.toMatch(/<[A-Za-z][\w.]*>/);
      // bash runs it as copied, with `az` (and `uuidgen`) standing in: each argument arrives whole.
      const { stdout } = await run('bash', [
        '-c',
        `az() { printf '%s\\0' "$@"; printf '\\n'; }; uuidgen() { echo 0f0f0f0f-0000-4000-8000-000000000000; }\n${copied}`,
      ]);
      const args = stdout.split(/\0\n?/);
      const ids = args.filter((a) => /^\/(subscriptions|providers)\//i.test(a));
      for (const id of ids) expect(JSON.stringify(f), `${f.checkId}: ${id}`).toContain(id);
      const body = args[args.indexOf('--body') + 1];
      if (args.includes('--body')) expect(() => JSON.parse(body!) as unknown).not.toThrow();
      ran.push(f.checkId);
    }
    expect(new Set(ran).size).toBeGreaterThan(12);
    await page.click('#clear-filters');
  });

  it('shows per-check pass rates', async () => {
    await page.click('#tab-compliance');
    for (const c of report.checks) {
      const row = (await page.locator(`tr[data-check="${c.id}"]`).textContent()) ?? '';
      expect(row, c.id).toContain(c.title);
      expect(row, c.id).toMatch(c.status === 'error' ? /not evaluated/ : /\d+(\.\d)?%/);
    }
    await shot('7-compliance', true);
  });

  it('shows the trend by date, with the earlier run', async () => {
    await page.click('#tab-trend');
    await expect(page.locator('#trend-table tbody tr').count()).resolves.toBe(report.trend.length);
    expect(report.trend.length).toBe(2);
    const day = report.finishedAt.slice(5, 10);
    await expect(page.locator('#trend svg').first().textContent()).resolves.toContain(day);
    const rows = await page.locator('#trend-table tbody tr').allTextContents();
    for (const r of rows) expect(r).not.toMatch(/-$/);
    await shot('8-trend', true);
    await page.click('#tab-overview');
    await page.screenshot({ path: `${ARTIFACTS}/demo-dashboard.png` });
    expect(errors).toEqual([]);
  });
});
