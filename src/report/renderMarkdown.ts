import { SEVERITIES } from '../severity.js';
import type { AuditReport } from './reportModel.js';

/** Escapes text for a Markdown table cell or line: no injected markup, links or HTML. */
export function mdEscape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
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
      lines.push(`  - resource: \`${f.resourceId.replace(/`/g, '')}\``);
      lines.push(`  - fix: ${mdEscape(f.remediation.text)} \`${f.remediation.cli.replace(/`/g, '')}\``);
    }
    lines.push('');
  }
  if (report.resolved.length) {
    lines.push('## Resolved since the last run', '');
    for (const r of report.resolved)
      lines.push(`- \`${r.checkId}\` on \`${r.resourceId.replace(/`/g, '')}\``);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
