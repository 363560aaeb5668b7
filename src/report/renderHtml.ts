import { createHash } from 'node:crypto';

import { dashboardDataElements } from './dashboardData.js';
import { DASHBOARD_SCRIPT } from './dashboardScript.js';
import { DASHBOARD_STYLE } from './dashboardStyle.js';
import type { AuditReport } from './reportModel.js';

const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/**
 * Only this page's own script and style (by hash), no connection, no form, no frame, no base: the
 * dashboard works opened from a file or served by the HTTP API, offline, and nothing in it can load
 * or send anything.
 */
const CSP = `default-src 'none'; script-src ${hash(DASHBOARD_SCRIPT)}; style-src ${hash(DASHBOARD_STYLE)}; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`;

/**
 * The security team's dashboard (`report.html`): one self-contained file that needs no network.
 *
 * Where its data comes from: the page carries the findings itself, once, as compact JSON rows in
 * chunks of 2,000 (see dashboardData.ts), streamed by this renderer. It does not fetch
 * `findings.json`: a page opened from a file cannot fetch (browsers refuse file:// requests), the
 * HTTP route needs a function key the page would have to forward, and one `findings.json` of a large
 * tenant is more than a browser can parse as one string. Embedding compact chunks gives one code
 * path for the file and the HTTP case, keeps `connect-src 'none'`, and costs about half the size of
 * `findings.json` instead of a second full copy. The data travels as inert JSON; the page builds
 * every element with textContent, never with HTML from data, so a resource named
 * `<img src=x onerror=alert(1)>` shows as text.
 */
export function* renderHtml(report: AuditReport): Generator<string> {
  const title = `mi-auditor: ${report.tenantId} (${report.status})`.replace(/[<>&"']/g, '');
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<header><h1 id="run-title">mi-auditor</h1><p id="run-line"></p></header>
<main>
<section id="banner" aria-live="polite"></section>
<nav id="tabs" role="tablist" aria-label="Views"></nav>
<section id="view-overview" role="tabpanel" aria-labelledby="tab-overview">
  <div id="cards" aria-label="Open findings by severity"></div>
  <div id="overview-panels">
  <div class="grid">
    <div class="panel"><h2>Findings by check</h2><div id="by-check" class="bars"></div></div>
    <div class="panel"><h2>Findings by area</h2><div id="by-area" class="bars"></div><h2>Trend</h2><div id="trend-small"></div></div>
  </div>
  <div class="panel"><h2>Since the last run</h2><div id="changes"></div></div>
  </div>
</section>
<section id="view-findings" role="tabpanel" aria-labelledby="tab-findings" hidden>
  <div class="panel">
  <h2>Findings <span id="shown-count"></span></h2>
  <div class="filters">
    <input id="search" type="search" placeholder="Search resource, message, principal, owner" aria-label="Search findings">
    <select id="filter-severity" aria-label="Severity"></select>
    <select id="filter-check" aria-label="Check"></select>
    <select id="filter-area" aria-label="Area"></select>
    <select id="filter-subscription" aria-label="Subscription"></select>
    <select id="filter-owner" aria-label="Owner"></select>
    <select id="filter-state" aria-label="State"></select>
  </div>
  <div id="chips" class="chips" aria-label="Active filters"></div>
  <div class="toolbar"><span id="page-info" aria-live="polite"></span><span><button id="clear-filters" class="btn">Clear filters</button> <button id="export" class="btn">Export these findings as CSV</button> <button id="prev" class="btn" aria-label="Previous page">&#8592;</button> <button id="next" class="btn" aria-label="Next page">&#8594;</button></span></div>
  <table id="findings"><thead><tr>
    <th data-sort="severity"><button>Severity</button></th><th data-sort="check"><button>Check</button></th><th data-sort="resource"><button>Resource</button></th><th data-sort="owner"><button>Owner</button></th><th data-sort="state"><button>State</button></th><th data-sort="age"><button>Age</button></th>
  </tr></thead><tbody></tbody></table>
  </div>
</section>
<section id="view-groups" role="tabpanel" aria-labelledby="tab-groups" hidden>
  <div class="panel"><h2>Findings grouped <span id="groups-count"></span></h2>
  <div class="filters"><label>Group by <select id="group-by"></select></label></div>
  <div id="groups"></div></div>
</section>
<section id="view-compliance" role="tabpanel" aria-labelledby="tab-compliance" hidden><div class="panel"><h2>Compliance</h2><div id="compliance"></div></div></section>
<section id="view-trend" role="tabpanel" aria-labelledby="tab-trend" hidden><div class="panel"><h2>Trend</h2><div id="trend"></div></div></section>
<section id="view-coverage" role="tabpanel" aria-labelledby="tab-coverage" hidden><div class="panel"><h2>Coverage</h2><div id="coverage"></div></div></section>
</main>
<dialog id="detail" aria-labelledby="detail-title"><form method="dialog"><button class="close" aria-label="Close">&#215;</button></form><div id="detail-body"></div></dialog>
`;
  yield* dashboardDataElements(report);
  yield `<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}
