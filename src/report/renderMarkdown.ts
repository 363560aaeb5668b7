import { SEVERITIES } from '../severity.js';
import type { AuditReport } from './reportModel.js';

/**
 * Line breaks as Markdown and HTML see them (CRLF, lone CR, LF, NEL, LS, PS) and other control
 * characters: each becomes one space, so an Azure name cannot end a table row or start a block.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKS_AND_CONTROLS = /\r\n|[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g;

/** Escapes text for a Markdown table cell or line: no injected markup, links, HTML or line breaks. */
export function mdEscape(text: string): string {
  return text.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(/[\\`*_{}[\]()#+!|<>~&]/g, (c) => `\\${c}`);
}

/**
 * Text as a code span on one line, for list items (not table cells): backticks cannot be escaped
 * inside a span, so they are dropped; line breaks become spaces.
 */
export function mdCode(text: string): string {
  return `\`${text.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(/`/g, '')}\``;
}

/** `report.md`: the summary, checks and findings, for a pull request, a wiki or an e-mail. */
export function renderMarkdown(report: AuditReport): string {
  const lines: string[] = [];
  lines.push(`# mi-auditor report`, '');
  lines.push(
    `Run \`${report.runId}\` (${report.trigger}) of tenant \`${report.tenantId}\`, ${report.startedAt} to ${report.finishedAt}: **${report.status}**.`,
    '',
  );
  lines.push('| severity | findings |', '|---|---|');
  for (const s of SEVERITIES) lines.push(`| ${s} | ${report.summary.bySeverity[s]} |`);
  lines.push(
    '',
    `New ${report.summary.new}, existing ${report.summary.existing}, reopened ${report.summary.reopened}, resolved ${report.summary.resolved}, suppressed ${report.summary.suppressed}.`,
    '',
  );
  if (report.coverage.errors.length) {
    lines.push('## Coverage', '', 'Not everything could be read; checks that needed it report `error`.', '');
    for (const e of report.coverage.errors)
      lines.push(
        `- ${mdEscape(`${e.source} at ${e.scope}${e.statusCode ? ` (${e.statusCode}${e.code ? ` ${e.code}` : ''})` : ''}: ${e.message}`)}`,
      );
    lines.push('');
  }
  lines.push('## Checks', '', '| check | severity | status | evaluated | failed |', '|---|---|---|---|---|');
  for (const c of report.checks)
    lines.push(
      `| \`${c.id}\` ${mdEscape(c.title)} | ${c.severity} | ${c.status}${c.error ? `: ${mdEscape(c.error)}` : ''} | ${c.evaluated} | ${c.failed} |`,
    );
  lines.push('', '## Findings', '');
  if (report.findings.length === 0) lines.push('No findings.');
  for (const s of SEVERITIES) {
    const group = report.findings.filter((f) => f.severity === s);
    if (!group.length) continue;
    lines.push(`### ${s[0]!.toUpperCase()}${s.slice(1)} (${group.length})`, '');
    for (const f of group) {
      lines.push(
        `- **${mdEscape(f.title)}** (\`${f.checkId}\`, ${f.state}${f.suppressed ? ', suppressed' : ''}): ${mdEscape(f.message)}`,
      );
      lines.push(`  - resource: ${mdCode(f.resourceId)}`);
      lines.push(`  - fix: ${mdEscape(f.remediation.text)} ${mdCode(f.remediation.cli)}`);
    }
    lines.push('');
  }
  if (report.resolved.length) {
    lines.push('## Resolved since the last run', '');
    for (const r of report.resolved) lines.push(`- \`${r.checkId}\` on ${mdCode(r.resourceId)}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
