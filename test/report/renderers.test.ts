import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft4 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import { renderAll } from '../../src/pipeline/runAudit.js';
import { stringify } from 'csv-stringify/sync';

import { CSV_COLUMNS, csvCell, neutraliseCell, renderCsv } from '../../src/report/renderCsv.js';
import { inertJson, inertJsonArray } from '../../src/report/dashboardData.js';
import { renderHtml } from '../../src/report/renderHtml.js';
import { renderJson } from '../../src/report/renderJson.js';
import { MARKDOWN_RESOLVED_LISTED, mdEscape, renderMarkdown } from '../../src/report/renderMarkdown.js';
import { SARIF_MAX_RESULTS, artifactUri, fairShares, renderSarif } from '../../src/report/renderSarif.js';
import { SEVERITIES } from '../../src/severity.js';
import { jsonAt, streamJson } from '../../src/report/streamJson.js';
import type { AuditReport } from '../../src/report/reportModel.js';
import { sampleReport } from './sampleReport.js';

const require = createRequire(import.meta.url);
const text = (chunks: Iterable<string>) => [...chunks].join('');
const findingsSchema = JSON.parse(
  readFileSync(new URL('../../schemas/findings.schema.json', import.meta.url), 'utf8'),
);
const sarifSchema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);

describe('findings.json', () => {
  it('validates against the shipped JSON Schema', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(findingsSchema);
    expect(validate(JSON.parse(text(renderJson(sampleReport())))), JSON.stringify(validate.errors)).toBe(
      true,
    );
  });

  it('is refused by the schema when a required field is missing', () => {
    const ajv = new Ajv2020.default({ strict: false });
    addFormats.default(ajv);
    const { status: _s, ...broken } = sampleReport();
    expect(ajv.validate(findingsSchema, broken)).toBe(false);
  });
});

/**
 * `JSON.stringify(value, null, 2)` with the items of the arrays at `depth` each on one compact line
 * at its indentation: the layout streamJson.ts promises, derived here by parsing the indented text
 * (no code shared with the renderer).
 */
function expectedLayout(value: unknown, depth: number): string {
  const at = (v: unknown, d: number, indent: string): string => {
    if (d > 0 && Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const inner = `${indent}  `;
      const items = v.map((item: unknown) =>
        d === 1 ? (JSON.stringify(item) ?? 'null') : at(item === undefined ? null : item, d - 1, inner),
      );
      return `[\n${inner}${items.join(`,\n${inner}`)}\n${indent}]`;
    }
    const plain = v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
    if (d > 1 && plain) {
      const members = Object.entries(v as Record<string, unknown>).filter(([, m]) => m !== undefined);
      if (!members.length) return '{}';
      const inner = `${indent}  `;
      return `{\n${members.map(([k, m]) => `${inner}${JSON.stringify(k)}: ${at(m, d - 1, inner)}`).join(',\n')}\n${indent}}`;
    }
    return (JSON.stringify(v, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
  };
  return at(value, depth, '');
}

describe('streamed JSON', () => {
  it('parses back to exactly what JSON.stringify writes, including undefined members and empty containers', () => {
    const odd = {
      a: [1, undefined, { b: undefined, c: [] }, {}, [[]]],
      d: 'x\u2028<y>',
      e: null,
      f: undefined,
      g: new Date(0),
      h: { i: { j: { k: [1, 2] } } },
    };
    for (const value of [sampleReport(), odd, [], {}, 'text', 3]) {
      for (const depth of [0, 1, 2, 3, 4, 99]) {
        const streamed = [...streamJson(value, depth)].join('');
        expect(streamed, `depth ${depth}`).toBe(expectedLayout(value, depth));
        expect(JSON.parse(streamed), `depth ${depth}`).toEqual(JSON.parse(JSON.stringify(value)));
      }
    }
  });

  it('writes each finding of findings.json on a line of its own, so that grep finds a whole finding', () => {
    const report = reportOf(20);
    const json = text(renderJson(report));
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    const lines = json.split('\n');
    for (const f of report.findings) {
      const line = lines.filter((l) => l.includes(f.resourceId + '"'));
      expect(line).toEqual([`    ${JSON.stringify(f)}${f === report.findings.at(-1) ? '' : ','}`]);
    }
    // The report's own members stay indented, one per line.
    expect(lines[0]).toBe('{');
    expect(lines).toContain(`  "runId": ${JSON.stringify(report.runId)},`);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('never spreads a string over two lines: line breaks inside values are escaped', () => {
    const report = reportOf(12);
    const lines = text(renderJson(report)).split('\n');
    const start = lines.indexOf('  "findings": [') + 1;
    const findingLines = lines.slice(start, start + 12);
    expect(lines[start + 12]).toBe('  ],');
    // reportOf gives every fifth finding a message with \r\n and U+2028 in it.
    expect(report.findings.filter((f) => f.message.includes('\r\n'))).not.toHaveLength(0);
    expect(findingLines.map((l) => JSON.parse(l.replace(/,$/, '')) as unknown)).toEqual(
      JSON.parse(JSON.stringify(report.findings)),
    );
  });

  it('refuses an indentation that is not pairs of spaces', () => {
    expect(jsonAt([1], '  ')).toBe('[\n    1\n  ]');
    expect(() => jsonAt([1], ' ')).toThrow(/pairs of spaces/);
  });
});

/** The sample report with `n` findings (copies of its first, each with its own id and resource). */
function reportOf(n: number): AuditReport {
  const report = sampleReport();
  const template = report.findings[0]!;
  report.findings = Array.from({ length: n }, (_, i) => ({
    ...template,
    id: i.toString(16).padStart(32, '0'),
    resourceId: `${template.resourceId}-${i}`,
    ...(i % 7 === 3 ? { suppressed: { reason: 'accepted "risk"', expires: '2027-01-01' } } : {}),
    ...(i % 5 === 1 ? { message: `é ünïcödé, "quoted", =formula\r\nline ${i} \u2028 <b>` } : {}),
  }));
  return report;
}

describe('report.sarif', () => {
  it("gives each rule the check's Microsoft Learn page as helpUri", () => {
    const sarif = JSON.parse(text(renderSarif(sampleReport(), '0.1.0')));
    expect(sarif.runs[0].tool.driver.rules[0].helpUri).toBe(
      'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview',
    );
    const first = sarif.runs[0].results.find((r: any) => r.ruleId === 'mi-resource-without-identity');
    expect(first.properties.owner).toBe('orders-team@contoso.example');
  });

  it('is valid with no results at all', () => {
    const report = { ...sampleReport(), findings: [] };
    expect(JSON.parse(text(renderSarif(report, '0.1.0'))).runs[0].results).toEqual([]);
  });

  it('validates against the SARIF 2.1.0 schema', () => {
    // The schema's language-tag pattern is valid only without the unicode flag.
    const ajv = new AjvDraft4.default({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(sarifSchema);
    expect(
      validate(JSON.parse(text(renderSarif(sampleReport(), '0.1.0')))),
      JSON.stringify(validate.errors?.slice(0, 3)),
    ).toBe(true);
  });

  it('has one rule per check and one result per unsuppressed finding, located at the resource', () => {
    const sarif = JSON.parse(text(renderSarif(sampleReport(), '0.1.0')));
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'mi-resource-without-identity',
      'rbac-privileged-role-broad-scope',
    ]);
    expect(sarif.runs[0].results).toHaveLength(3);
    const grant = sarif.runs[0].results.find((r: any) => r.ruleId === 'rbac-privileged-role-broad-scope');
    expect(grant.locations[0].logicalLocations[0].fullyQualifiedName).toBe(
      '/subscriptions/1/providers/Microsoft.Authorization/roleAssignments/r1',
    );
    expect(sarif.runs[0].tool.driver.rules[0].help.markdown).toContain('az webapp identity assign');
  });

  it('keeps partialFingerprints stable across runs', () => {
    const fp = (runId: string) =>
      JSON.parse(text(renderSarif(sampleReport(runId), '0.1.0'))).runs[0].results.map(
        (r: any) => r.partialFingerprints,
      );
    expect(fp('20261121T060000Z-cccccc')).toEqual(fp('20261120T060000Z-aaaaaa'));
  });
  it('locates a result at its resource id with each segment percent-encoded, whatever the id', () => {
    const slow = (id: string) => `azure://${id.split('/').filter(Boolean).map(encodeURIComponent).join('/')}`;
    for (const id of [
      "/subscriptions/s-1/resourceGroups/rg_(a)/providers/Microsoft.Web/sites/app.1~!*'",
      '/subscriptions/s/resourceGroups/rg/providers/x/y/name with space/é',
      'subscriptions/s//double/slash/',
      '/',
      '',
      '/a#b?c&d=e%f',
    ])
      expect(artifactUri(id), id).toBe(slow(id));
  });

  it('keeps within the 25,000 results a run GitHub code scanning accepts: the most severe, and says so', () => {
    // One finding in seven is suppressed: about 2,000 unsuppressed findings over the limit.
    const report = reportOf(Math.ceil(((SARIF_MAX_RESULTS + 2_000) * 7) / 6));
    const order = ['low', 'critical', 'informational', 'medium', 'high'] as const;
    report.findings.forEach((f, i) => (f.severity = order[i % order.length]!));
    const unsuppressed = report.findings.filter((f) => !f.suppressed);
    const log = JSON.parse(text(renderSarif(report, '0.1.0')));
    const run = log.runs[0];
    expect(run.results).toHaveLength(SARIF_MAX_RESULTS);
    // Every critical, high and medium finding is kept; only low and informational ones are cut.
    const kept = new Set(run.results.map((r: any) => r.partialFingerprints.miAuditorFindingId));
    for (const f of unsuppressed)
      if (['critical', 'high', 'medium'].includes(f.severity)) expect(kept.has(f.id), f.id).toBe(true);
    expect(run.results.map((r: any) => r.properties.severity)).toEqual(
      [...run.results.map((r: any) => r.properties.severity)].sort(
        (a: string, b: string) => SEVERITIES.indexOf(a as never) - SEVERITIES.indexOf(b as never),
      ),
    );
    const leftOut = unsuppressed.length - SARIF_MAX_RESULTS;
    expect(run.properties.resultsLeftOut).toBe(leftOut);
    expect(run.invocations[0].toolExecutionNotifications).toContainEqual({
      level: 'warning',
      message: {
        text: expect.stringContaining(`${leftOut} of ${unsuppressed.length} findings are not in this log`),
      },
      descriptor: { id: 'results-left-out' },
    });
    // A run of no more results than that is whole, with no such notice.
    const whole = JSON.parse(text(renderSarif(reportOf(30), '0.1.0'))).runs[0];
    expect(whole.properties).toBeUndefined();
    expect(whole.invocations[0].toolExecutionNotifications).not.toContainEqual(
      expect.objectContaining({ descriptor: { id: 'results-left-out' } }),
    );
  });

  it("shares the 25,000 fairly among a severity's checks: one check's thousands do not push out another's few", () => {
    const report = reportOf(Math.ceil(((SARIF_MAX_RESULTS + 5_000) * 7) / 6));
    for (const f of report.findings) f.severity = 'high';
    const few = report.findings.filter((f) => !f.suppressed).slice(-50);
    for (const f of few) f.checkId = 'rbac-guest-privileged';
    const run = JSON.parse(text(renderSarif(report, '0.1.0'))).runs[0];
    expect(run.results).toHaveLength(SARIF_MAX_RESULTS);
    expect(run.results.filter((r: any) => r.ruleId === 'rbac-guest-privileged')).toHaveLength(50);
    expect(
      fairShares(
        new Map([
          ['a', 30_000],
          ['b', 50],
          ['c', 10_000],
        ]),
        25_000,
      ),
    ).toEqual(
      new Map([
        ['b', 50],
        ['c', 10_000],
        ['a', 14_950],
      ]),
    );
    expect(
      fairShares(
        new Map([
          ['a', 9],
          ['b', 9],
          ['c', 9],
        ]),
        10,
      ),
    ).toEqual(
      new Map([
        ['a', 3],
        ['b', 3],
        ['c', 4],
      ]),
    );
  });

  it('is exactly JSON.stringify of its own log, with more results than one slice', () => {
    const sarif = text(renderSarif(reportOf(21), '0.1.0'));
    const log = JSON.parse(sarif) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]!.results).toHaveLength(21 - Math.ceil((21 - 3) / 7));
    // Indented as JSON.stringify indents, but each result on one line of its own.
    const results = log.runs[0]!.results.map((r) => `        ${JSON.stringify(r)}`).join(',\n');
    expect(sarif).toBe(
      `${JSON.stringify(log, null, 2).replace(/"results": \[\n[\s\S]*?\n {6}\]/, `"results": [\n${results}\n      ]`)}\n`,
    );
  });
});

describe('findings.csv', () => {
  it('neutralises cells that a spreadsheet would run as formulas', () => {
    for (const c of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(c)).toBe(`'${c}`);
    expect(neutraliseCell('plain')).toBe('plain');
    const rows: Record<string, string>[] = parse(text(renderCsv(sampleReport())), { columns: true });
    expect(rows).toHaveLength(4);
    expect(rows[2]!['message']).toBe(
      `'=HYPERLINK("http://evil.example","click") holds Owner at /subscriptions/1.`,
    );
    expect(rows[3]!['suppressed']).toBe('accepted risk (until 2027-01-31)');
  });
  it('quotes every cell exactly as csv-stringify does, over more rows than one chunk', () => {
    const report = reportOf(700);
    const expected = [
      stringify([CSV_COLUMNS.map(([name]) => name)], { quoted_string: true, record_delimiter: 'windows' }),
      ...report.findings.map((f) =>
        stringify([CSV_COLUMNS.map(([, get]) => neutraliseCell(String(get(f) ?? '')))], {
          quoted_string: true,
          record_delimiter: 'windows',
        }),
      ),
    ].join('');
    expect(text(renderCsv(report))).toBe(expected);
    for (const cell of ['', 'a', '"', 'a""b', 'x,y', 'l1\r\nl2', ' é ', "'=1"]) {
      expect(`${csvCell(cell)}\r\n`).toBe(
        stringify([[cell]], { quoted_string: true, record_delimiter: 'windows' }),
      );
    }
  });
});

describe('report.md', () => {
  it('escapes Markdown and HTML from Azure names', () => {
    const md = text(renderMarkdown(sampleReport()));
    // Inside code spans HTML is inert (CommonMark); everywhere else it must be escaped.
    expect(md.replace(/`[^`]*`/g, '')).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain('\\<img src=x onerror=alert\\(1\\)\\>');
    expect(md).toContain('## Coverage');
  });

  it('has a coverage section saying what was read', () => {
    const md = text(renderMarkdown(sampleReport()));
    expect(md).toContain('- Subscriptions read: 1 of 1');
    expect(md).toContain('- Log Analytics workspaces read: 1 of 1');
    expect(md).toContain('- roleAssignments at /subscriptions/2 \\(403 AuthorizationFailed\\): denied');
  });

  it('says a failure once, with its reason, and shows no table of zeros', () => {
    const report = sampleReport();
    report.status = 'failed';
    report.findings = [];
    report.coverage.errors = [
      { source: 'pipeline', scope: 'identity', statusCode: 401, message: 'no managed identity token' },
    ];
    for (const c of report.checks) Object.assign(c, { status: 'error', error: 'no managed identity token' });
    const md = text(renderMarkdown(report));
    expect(md.match(/no managed identity token/g)).toHaveLength(1);
    expect(md).toContain(
      '**The audit failed and evaluated nothing: pipeline at identity \\(401\\): no managed identity token**',
    );
    expect(md).not.toContain('| critical | 0 |');
  });

  it('lists findings most severe first, each check up to its share of the budget, and counts the rest, within 1 MiB', () => {
    const report = reportOf(8_000);
    report.findings.forEach((f, i) => {
      f.severity = i % 10 === 0 ? 'high' : 'low';
      if (i % 10 !== 0) f.checkId = 'rbac-orphaned-assignment';
    });
    // Three findings of a third check, least severe and last: thousands of others do not crowd them out.
    const few = report.findings.slice(-3);
    for (const f of few) Object.assign(f, { checkId: 'kv-access-denied', severity: 'informational' });
    report.resolved = Array.from({ length: MARKDOWN_RESOLVED_LISTED + 7 }, (_, i) => ({
      id: `r${i}`,
      checkId: 'rbac-orphaned-assignment',
      resourceId: `/subscriptions/1/providers/Microsoft.Authorization/roleAssignments/${i}`,
    }));
    const md = text(renderMarkdown(report));
    expect(Buffer.byteLength(md)).toBeLessThan(1 << 20);
    const entries = md.match(/^- \*\*.*\(`[a-z-]+`/gm)!;
    const listedOf = (checkId: string) => entries.filter((e) => e.endsWith(`(\`${checkId}\``)).length;
    const high = report.findings[0]!.checkId;
    expect(listedOf(high)).toBeGreaterThan(100);
    expect(listedOf('rbac-orphaned-assignment')).toBeGreaterThan(100);
    for (const f of few) expect(md, f.resourceId).toContain(`${f.resourceId}\``);
    expect(md.indexOf('### High (800)')).toBeLessThan(md.indexOf('### Low (7197)'));
    const notListed = 8_000 - entries.length;
    expect(md).toContain(`### Not listed here (${notListed})`);
    expect(md).toContain(`| \`${high}\` | high | ${800 - listedOf(high)} |`);
    expect(md).toContain(
      `| \`rbac-orphaned-assignment\` | low | ${7_197 - listedOf('rbac-orphaned-assignment')} |`,
    );
    expect(md).toContain('- and 7 more, listed in findings.json (`resolved`)');
    // A report within the budget is listed whole, with no such section.
    const small = text(renderMarkdown(reportOf(40)));
    expect(small.match(/^- \*\*/gm)).toHaveLength(40);
    expect(small).not.toContain('Not listed here');
  });

  it('tells who owns a finding and where it is', () => {
    expect(text(renderMarkdown(sampleReport()))).toContain(
      'owner orders-team@contoso.example, subscription Prod \\<script\\>, resource group rg, open 1 day',
    );
  });

  it('keeps every hostile name on its own line and cell: no newline, lone CR, pipe or link gets through', () => {
    const report = sampleReport();
    const hostile = 'a\rb\nc\r\nd\u2028e | f [x](javascript:alert(1)) <b>';
    report.findings[0]!.title = hostile;
    report.findings[0]!.message = hostile;
    report.findings[0]!.resourceId = `/subscriptions/1/x\ry\n\`z`;
    report.checks[0]!.error = hostile;
    const md = text(renderMarkdown(report));
    expect(md).not.toMatch(/\r|\u2028/);
    const checkRow = md.split('\n').find((l) => l.includes(`\`${report.checks[0]!.id}\``))!;
    // A table row keeps its five columns: the pipe in the name is escaped.
    expect(checkRow.split(/(?<!\\)\|/)).toHaveLength(7);
    expect(md).toContain('a b c d e \\| f \\[x\\]\\(javascript:alert\\(1\\)\\) \\<b\\>');
    expect(md).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(md).toContain('resource: `/subscriptions/1/x y z`');
  });
  it('escapes text with or without Markdown characters as the full replacement does', () => {
    const full = (t: string) =>
      t
        // eslint-disable-next-line no-control-regex -- the same characters as mdEscape
        .replace(/\r\n|[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g, ' ')
        .replace(/[\\`*_{}[\]()#+!|<>~&]/g, (c) => `\\${c}`);
    const samples = [
      'plain text 123',
      'tab\there',
      ...'\\`*_{}[]()#+!|<>~&\r\n\u0085\u2028\u2029\u0000\u007f',
    ];
    for (const t of samples.flatMap((c) => [c, `a${c}b`, `${c}${c}`]))
      expect(mdEscape(t), JSON.stringify(t)).toBe(full(t));
  });
});

describe('report.html', () => {
  const html = text(renderHtml(sampleReport()));

  it('is self-contained: no external script, style, image or font', () => {
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  });

  it('embeds the findings once, in compact chunks, and no second copy of the report', () => {
    // What 200 more findings add to the page is less than what they add to findings.json.
    const more = sampleReport();
    for (let i = 0; i < 50; i++) for (const f of sampleReport().findings) more.findings.push(f);
    const growth = (render: (r: typeof more) => Iterable<string>) =>
      text(render(more)).length - text(render(sampleReport())).length;
    expect(growth(renderHtml)).toBeLessThan(growth(renderJson) * 0.75);
    expect(html).not.toContain('"findings":');
    expect(html.match(/Stored credentials leak\./g)).toHaveLength(1);
    expect(html.match(/<script type="application\/json" data-findings>/g)).toHaveLength(1);
  });

  it('writes an element of many rows in pieces whose text is exactly the inert JSON of the whole', () => {
    const rows = Array.from({ length: 101 }, (_, i) =>
      i % 4 === 0
        ? ['</script><b>', `\u2028 ${i}`, null]
        : i % 4 === 1
          ? { a: [i], b: '\u2029<' }
          : [i, 'é’'],
    );
    for (const n of [0, 1, 31, 32, 33, 101]) {
      const pieces = [...inertJsonArray(rows.slice(0, n))];
      expect(pieces.join(''), `${n} rows`).toBe(inertJson(rows.slice(0, n)));
      expect(pieces.join('')).not.toMatch(/[<\u2028\u2029]/);
    }
  });

  it('carries Azure strings only as inert JSON, never as markup', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('Prod <script>');
    expect(html).toContain('\\u003cimg src=x onerror=alert(1)>');
  });
});

it('renders the five outputs from one model', () => {
  expect(renderAll(sampleReport(), '0.1.0').map((f) => f.name)).toEqual([
    'findings.json',
    'report.html',
    'report.md',
    'report.sarif',
    'findings.csv',
  ]);
});
