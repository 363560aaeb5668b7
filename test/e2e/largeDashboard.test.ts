import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeOutputFile } from '../../src/report/outputStream.js';
import { renderHtml } from '../../src/report/renderHtml.js';
import { ARTIFACTS, launchChromium } from './chromium.js';
import { largeTenantReport, type LargeTenantCounts } from './largeTenantReport.js';

/**
 * The dashboard of a 300,000-finding tenant in Chromium: it loads, every filter and the
 * management-group tree answer, the table pages, and the filtered view exports. How long each step
 * took is written to test-artifacts/dashboard-300k-timings.json for people to read (and compare
 * across commits); no assertion is made on speed (the machine is shared, a timed test would flake).
 */
const N = Number(process.env['DASHBOARD_E2E_FINDINGS'] ?? 300_000);
const PAGE_SIZE = 100;

let browser: Browser;
let page: Page;
let counts: LargeTenantCounts;
let dir: string;
let probe: { resourceId: string; name: string; principalId: string; rg: string };
const errors: string[] = [];
const timings: Record<string, number | string> = { findings: N };

const shown = () => page.locator('#findings tbody tr').count();
const shownCount = async () =>
  Number(/\((\d+) of/.exec((await page.locator('#shown-count').textContent()) ?? '')?.[1]);

/** Runs a synchronous UI action in the page and returns how long the page took to re-render. */
async function timed(label: string, action: string, arg: string[]): Promise<void> {
  const ms = await page.evaluate(
    ([what, a, b]) => {
      const t = performance.now();
      if (what === 'select') {
        const s = document.getElementById(a!) as HTMLSelectElement;
        s.value = b!;
        s.dispatchEvent(new Event('change'));
      } else if (what === 'click') (document.querySelector(a!) as HTMLElement).click();
      else if (what === 'hash') {
        // As a pasted link does, but synchronously, so that the time is the page's re-render.
        history.replaceState(null, '', `#${a!}`);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      }
      return performance.now() - t;
    },
    [action, ...arg],
  );
  timings[label] = Math.round(ms);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'dashboard-300k-'));
  const file = join(dir, 'report.html');
  let t = performance.now();
  const made = largeTenantReport(N);
  counts = made.counts;
  const f = made.report.findings[Math.floor(N / 2.43)]!;
  const role = made.report.findings.find((x) => x.principalId)!;
  probe = {
    resourceId: f.resourceId,
    name: f.resourceId.split('/').pop()!,
    principalId: role.principalId!,
    rg: `${f.subscriptionId}/${f.resourceGroup!.toLowerCase()}`,
  };
  timings['generateMs'] = Math.round(performance.now() - t);
  t = performance.now();
  await writeOutputFile({ render: () => renderHtml(made.report) }, file);
  timings['renderMs'] = Math.round(performance.now() - t);
  timings['htmlBytes'] = statSync(file).size;
  made.report.findings = [];

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  t = performance.now();
  await page.goto(pathToFileURL(file).href, { timeout: 180_000 });
  await page.waitForSelector('body[data-ready=true]', { timeout: 180_000 });
  timings['loadMs'] = Math.round(performance.now() - t);
  // Milestones the page marks: data parsed, findings indexed, first view rendered (ms since navigation).
  for (const m of ['parsed', 'indexed', 'ready'])
    timings[`${m}InPageMs`] = Math.round(
      await page.evaluate((n) => performance.getEntriesByName(`dashboard-${n}`)[0]?.startTime ?? -1, m),
    );
  timings['jsHeapMB'] = await page.evaluate(() =>
    Math.round(
      ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) /
        2 ** 20,
    ),
  );
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  timings['pageSize'] = PAGE_SIZE;
  writeFileSync(`${ARTIFACTS}/dashboard-300k-timings.json`, `${JSON.stringify(timings, null, 2)}\n`);
});

describe('the dashboard of a 300,000-finding tenant in Chromium', () => {
  it('loads without an error, shows the summary, and renders one page of the table', async () => {
    expect(errors).toEqual([]);
    const high = await page.locator('.card[data-severity=high] b').textContent();
    expect(Number(high)).toBeGreaterThan(0);
    await timed('findingsViewMs', 'click', ['#tab-findings']);
    expect(await shown()).toBe(PAGE_SIZE);
    expect(await shownCount()).toBe(N);
    await expect(page.locator('#page-info').textContent()).resolves.toBe(`Rows 1\u2013100 of ${N}`);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-300k.png` });
  });

  it('pages through the table', async () => {
    await timed('nextPageMs', 'click', ['#next']);
    await expect(page.locator('#page-info').textContent()).resolves.toBe(`Rows 101\u2013200 of ${N}`);
    expect(await shown()).toBe(PAGE_SIZE);
    await page.click('#prev');
  });

  it('sorts 300,000 findings by resource', async () => {
    await timed('sortByResourceMs', 'click', ['th[data-sort=resource] button']);
    expect(await shown()).toBe(PAGE_SIZE);
    await page.click('th[data-sort=severity] button');
  });

  it('filters by severity, check, area, subscription, owner and state, each alone', async () => {
    const sub = [...counts.bySubscription.keys()][7]!;
    const owner = [...counts.byOwner.entries()].find(([k]) => k.startsWith('team-'))![0];
    const cases: [string, string, string, number][] = [
      ['severity', 'filter-severity', 'high', counts.bySeverity.high],
      ['check', 'filter-check', 'local-auth-enabled', counts.byCheck.get('local-auth-enabled')!],
      ['area', 'filter-area', 'roles', counts.byArea.get('roles')!],
      ['subscription', 'filter-subscription', sub, counts.bySubscription.get(sub)!],
      ['owner', 'filter-owner', owner, counts.byOwner.get(owner)!],
      ['state', 'filter-state', 'suppressed', counts.byState.get('suppressed')!],
    ];
    for (const [name, id, value, expected] of cases) {
      await timed(`filter.${name}Ms`, 'select', [id, value]);
      expect(await shownCount(), name).toBe(expected);
      expect(await shown(), name).toBe(Math.min(PAGE_SIZE, expected));
      await timed(`filter.${name}ClearMs`, 'select', [id, '']);
      expect(await shownCount(), name).toBe(N);
    }
  });

  it('combines filters and searches for one resource by name', async () => {
    await page.selectOption('#filter-check', 'mi-resource-without-identity');
    await timed('filter.combinedMs', 'select', ['filter-state', 'new']);
    const combined = await shownCount();
    expect(combined).toBeGreaterThan(0);
    expect(combined).toBeLessThan(counts.byCheck.get('mi-resource-without-identity')!);
    await page.click('#clear-filters');
    const t = performance.now();
    await page.fill('#search', probe.name);
    await expect.poll(shownCount).toBe(1);
    timings['searchMs (incl. 250 ms typing debounce)'] = Math.round(performance.now() - t);
    await page.fill('#search', '');
    await expect.poll(shownCount).toBe(N);
  });

  it('opens a resource group, a resource and a principal from a link (filters in the URL)', async () => {
    await timed('filter.resourceGroupMs', 'hash', [`view=findings&rg=${encodeURIComponent(probe.rg)}`]);
    expect(await shownCount()).toBe(counts.byResourceGroup.get(probe.rg));
    await timed('filter.resourceMs', 'hash', [
      `view=findings&resource=${encodeURIComponent(probe.resourceId.toLowerCase())}`,
    ]);
    expect(await shownCount()).toBe(1);
    await timed('filter.principalMs', 'hash', [
      `view=findings&principal=${encodeURIComponent(probe.principalId)}`,
    ]);
    expect(await shownCount()).toBe(counts.byPrincipal.get(probe.principalId));
    await page.click('#clear-filters');
  });

  it('shows the management-group tree with counts, and a group filters the table', async () => {
    await timed('groupsViewMs', 'click', ['#tab-groups']);
    const tree = (await page.locator('#mg-tree').textContent()) ?? '';
    expect(tree).toContain(`Tenant Root Group (${N})`);
    expect(tree).toContain(`Business unit 3 (${counts.byManagementGroup.get('bu-3')})`);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-300k-groups.png` });
    await timed('filter.managementGroupMs', 'click', ['#mg-tree button[data-mg=bu-3]']);
    expect(await shownCount()).toBe(counts.byManagementGroup.get('bu-3'));
    for (const g of ['subscription', 'rg', 'resource', 'principal', 'owner']) {
      await page.click('#tab-groups');
      await timed(`groupBy.${g}Ms`, 'select', ['group-by', g]);
      expect(await page.locator('#group-list button').count(), g).toBeGreaterThan(0);
    }
    await page.selectOption('#group-by', 'mg');
    await page.click('#tab-findings');
    await page.click('#clear-filters');
  });

  it('exports a filtered view of tens of thousands of findings as CSV', async () => {
    await page.selectOption('#filter-check', 'local-auth-enabled');
    const t = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const path = await download.path();
    timings['exportCsvMs'] = Math.round(performance.now() - t);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n');
    timings['exportCsvRows'] = lines.length - 1;
    expect(lines.length - 1).toBe(counts.byCheck.get('local-auth-enabled'));
    expect(lines.slice(1).every((l) => l.startsWith('"'))).toBe(true);
    await page.click('#clear-filters');
  });

  it('shows compliance and the overview bars at this size', async () => {
    await timed('complianceViewMs', 'click', ['#tab-compliance']);
    await expect(page.locator('tr[data-check=local-auth-enabled]').count()).resolves.toBe(1);
    await timed('overviewViewMs', 'click', ['#tab-overview']);
    await expect(page.locator('#by-check button').count()).resolves.toBe(counts.byCheck.size);
    expect(errors).toEqual([]);
  });
});
