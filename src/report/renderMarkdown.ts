import { SEVERITIES } from '../severity.js';
import { PIECE_CHARS } from './pieceSize.js';
import type { AuditReport } from './reportModel.js';
import { describeCoverageError, failureSentence } from './runOutcome.js';

/**
 * Line breaks as Markdown and HTML see them (CRLF, lone CR, LF, NEL, LS, PS) and other control
 * characters: each becomes one space, so an Azure name cannot end a table row or start a block.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKS_AND_CONTROLS = /\r\n|[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g;

/** Escapes text for a Markdown table cell or line: no injected markup, links, HTML or line breaks. */
export function mdEscape(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(MARKDOWN_SYNTAX, '\\$&');
}

const MARKDOWN_SYNTAX = /[\\`*_{}[\]()#+!|<>~&]/g;
/** Any character {@link mdEscape} changes (line breaks, controls, Markdown syntax): most text has none. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f\u0085\u2028\u2029\\`*_{}[\]()#+!|<>~&]/;

/**
 * Text as a code span on one line, for list items (not table cells): backticks cannot be escaped
 * inside a span, so they are dropped; line breaks become spaces.
 */
export function mdCode(text: string): string {
  if (!NEEDS_CODE_CLEANING.test(text)) return `\`${text}\``;
  return `\`${text.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(/`/g, '')}\``;
}

/** Any character {@link mdCode} changes (line breaks, controls, backticks). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_CODE_CLEANING = /[\u0000-\u001f\u007f\u0085\u2028\u2029`]/;

/**
 * `escape` remembering its last answer: the findings of one check follow each other and share their
 * title and remediation text.
 */
function lastOf(escape: (text: string) => string): (text: string) => string {
  let input: string | undefined;
  let output = '';
  return (text) => {
    if (text !== input) {
      input = text;
      output = escape(text);
    }
    return output;
  };
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

/**
 * Bytes of finding entries `report.md` lists (each failing check an equal share) before it counts
 * the rest per check: the file is for a pull request, a wiki or an e-mail, and GitHub refuses a job
 * summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of
 * 1024k"; GitHub Docs, *Workflow commands*, "Adding a job summary"). At 40,000 findings the full
 * list was 36 MB.
 */
export const MARKDOWN_LISTING_BYTES = 768 * 1024;

/** Resolved findings `report.md` lists by name; findings.json lists them all. */
export const MARKDOWN_RESOLVED_LISTED = 500;

/** The coverage section: what was read, under which rules, and what could not be read. */
function* coverageSection(report: AuditReport): Generator<string> {
  const { coverage } = report;
  const subsRead = coverage.subscriptions.filter((s) => s.read).length;
  const wsRead = coverage.workspaces.filter((w) => w.read).length;
  yield lines(
    '## Coverage',
    '',
    `- Subscriptions read: ${subsRead} of ${coverage.subscriptions.length}`,
    `- Log Analytics workspaces read: ${wsRead} of ${coverage.workspaces.length}`,
    `- Checks evaluated: ${report.checks.filter((c) => c.status !== 'error').length} of ${report.checks.length}`,
    ...(coverage.rules.kvAuditLogging
      ? [`- Key Vault audit logging rule: ${mdEscape(coverage.rules.kvAuditLogging)}`]
      : []),
    ...(coverage.rules.kvLogWindow
      ? [`- Key Vault log window: ${mdEscape(coverage.rules.kvLogWindow)}`]
      : []),
    ...(coverage.rules.roleData ? [`- Role data: ${mdEscape(coverage.rules.roleData)}`] : []),
    '',
  );
  const unread = coverage.subscriptions.filter((s) => !s.read);
  if (unread.length) {
    yield lines('Subscriptions not read:', '');
    for (const s of unread) yield lines(`- ${mdEscape(s.displayName)} ${mdCode(s.subscriptionId)}`);
    yield '\n';
  }
  if (coverage.errors.length && report.status !== 'failed') {
    yield lines('Not everything could be read; checks that needed it report `error`:', '');
    for (const e of coverage.errors) yield lines(`- ${mdEscape(describeCoverageError(e))}`);
    yield '\n';
  }
}

/** `report.md`: the summary, coverage, checks and findings, for a pull request, a wiki or an e-mail. */
export function* renderMarkdown(report: AuditReport): Generator<string> {
  yield lines(
    '# mi-auditor report',
    '',
    `Run \`${report.runId}\` (${report.trigger}) of tenant \`${report.tenantId}\`, ${report.startedAt} to ${report.finishedAt}: **${report.status}**.`,
    '',
  );
  const failure = failureSentence(report);
  if (failure) {
    // A failed run says why once; no severity table of zeros, no reason repeated per check.
    yield lines(`**${mdEscape(failure)}**`, '');
    yield* coverageSection(report);
    yield lines(
      '## Checks',
      '',
      `None of the ${report.checks.length} checks could be evaluated: ${report.checks.map((c) => mdCode(c.id)).join(', ')}.`,
    );
    return;
  }
  yield lines(
    '| severity | findings |',
    '|---|---|',
    SEVERITIES.map((s) => `| ${s} | ${report.summary.bySeverity[s]} |`).join('\n'),
  );
  yield lines(
    '',
    `New ${report.summary.new}, existing ${report.summary.existing}, reopened ${report.summary.reopened}, resolved ${report.summary.resolved}, suppressed ${report.summary.suppressed}.`,
    '',
  );
  yield* coverageSection(report);
  yield lines('## Checks', '', '| check | severity | status | evaluated | failed |', '|---|---|---|---|---|');
  for (const c of report.checks)
    yield lines(
      `| ${mdEscape(c.title)} (\`${c.id}\`) | ${c.severity} | ${c.status}${c.error ? `: ${mdEscape(c.error)}` : ''} | ${c.evaluated} | ${c.failed} |`,
    );
  yield lines('', '## Findings', '');
  if (report.findings.length === 0) yield lines('No findings.');
  // Findings are written as one template each, joined into pieces of about PIECE_CHARS, most severe
  // first, each check up to its share of the listing budget; the rest are counted per check.
  const title = lastOf(mdEscape);
  const fix = lastOf(mdEscape);
  // Each failing check gets an equal share (the shares add up to the budget), so that one check's
  // thousands of findings cannot push every other check out of the list.
  const checks = new Set<string>();
  for (const f of report.findings) checks.add(f.checkId);
  const share = MARKDOWN_LISTING_BYTES / Math.max(1, checks.size);
  const spent = new Map<string, number>();
  // A check whose next entry did not fit lists no more (its later findings are not even written out).
  const full = new Set<string>();
  const notListed = new Map<string, { checkId: string; severity: string; count: number }>();
  let text = '';
  for (const s of SEVERITIES) {
    let count = 0;
    for (const f of report.findings) if (f.severity === s) count++;
    if (!count) continue;
    let headed = false;
    for (const f of report.findings) {
      if (f.severity !== s) continue;
      if (!full.has(f.checkId)) {
        let where = '';
        if (f.owner) where += `, owner ${mdEscape(f.owner)}`;
        if (f.subscriptionName) where += `, subscription ${mdEscape(f.subscriptionName)}`;
        if (f.resourceGroup) where += `, resource group ${mdEscape(f.resourceGroup)}`;
        if (f.ageDays !== undefined) where += `, open ${f.ageDays} day${f.ageDays === 1 ? '' : 's'}`;
        const entry = `- **${title(f.title)}** (\`${f.checkId}\`, ${f.state}${f.suppressed ? ', suppressed' : ''}): ${mdEscape(f.message)}
  - resource: ${mdCode(f.resourceId)}
${where ? `  - ${where.slice(2)}\n` : ''}  - fix: ${fix(f.remediation.text)} ${mdCode(f.remediation.cli)}
`;
        const used = (spent.get(f.checkId) ?? 0) + Buffer.byteLength(entry);
        if (used <= share) {
          spent.set(f.checkId, used);
          if (!headed) text += lines(`### ${s[0]!.toUpperCase()}${s.slice(1)} (${count})`, '');
          headed = true;
          text += entry;
          if (text.length >= PIECE_CHARS) {
            yield text;
            text = '';
          }
          continue;
        }
        full.add(f.checkId);
      }
      const key = `${f.checkId}\u0000${f.severity}`;
      const row = notListed.get(key);
      if (row) row.count++;
      else notListed.set(key, { checkId: f.checkId, severity: f.severity, count: 1 });
    }
    if (headed) text += '\n';
  }
  yield text;
  if (notListed.size) {
    let total = 0;
    for (const r of notListed.values()) total += r.count;
    yield lines(
      `### Not listed here (${total})`,
      '',
      `The list above gives each check an equal share of ${MARKDOWN_LISTING_BYTES / 1024} KiB, so that this file stays readable where Markdown is read (a GitHub job summary takes at most 1 MiB). Every finding is in findings.csv, findings.json and the dashboard (report.html).`,
      '',
      '| check | severity | findings not listed |',
      '|---|---|---|',
    );
    for (const r of notListed.values()) yield lines(`| \`${r.checkId}\` | ${r.severity} | ${r.count} |`);
    yield '\n';
  }
  if (report.resolved.length) {
    yield lines('## Resolved since the last run', '');
    const listed = Math.min(report.resolved.length, MARKDOWN_RESOLVED_LISTED);
    for (let i = 0; i < listed; i++) {
      const r = report.resolved[i]!;
      yield lines(`- \`${r.checkId}\` on ${mdCode(r.resourceId)}`);
    }
    if (listed < report.resolved.length)
      yield lines(`- and ${report.resolved.length - listed} more, listed in findings.json (\`resolved\`)`);
    yield '\n';
  }
}
