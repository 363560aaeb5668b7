import { SEVERITIES, type Severity } from '../severity.js';
import type { AuditReport } from './reportModel.js';
import { jsonLinesArray, streamJson } from './streamJson.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  informational: 'note',
};
/** GitHub code scanning reads `security-severity` (0-10) to rank results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  informational: '0.5',
};

/**
 * Results GitHub code scanning accepts in one run: a run with more is rejected whole ("Analysis
 * SARIF file rejected due to result limits"; GitHub Docs, *SARIF results exceed one or more limits*:
 * results per run, maximum 25,000). A tenant's findings can pass that many times over.
 */
export const SARIF_MAX_RESULTS = 25_000;

/**
 * `report.sarif` (SARIF 2.1.0) for GitHub code scanning and other SARIF viewers: one rule per check
 * with help text and references, one result per unsuppressed finding located at the Azure resource
 * id, most severe first, and the finding's stable id as its partial fingerprint so results track
 * across runs. Past {@link SARIF_MAX_RESULTS} the least severe are left out (the checks of one
 * severity sharing the room left fairly, {@link fairShares}), and the log says so
 * (a warning notification and `runs[0].properties.resultsLeftOut`): a file code scanning rejects
 * would show nothing at all. findings.json and findings.csv always hold every finding.
 */
export function* renderSarif(report: AuditReport, toolVersion: string): Generator<string> {
  const rules = report.checks.map((c) => ({
    id: c.id,
    name: c.id.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.title },
    fullDescription: { text: c.description },
    ...(c.learnUrl ? { helpUri: c.learnUrl } : {}),
    help: {
      text: `${c.risk}\n\nRemediation: ${c.remediation.text}\n\n${c.remediation.cli}`,
      markdown: `${c.risk}\n\n**Remediation:** ${c.remediation.text}\n\n\`\`\`sh\n${c.remediation.cli}\n\`\`\`\n\nReferences: ${c.references.map((r) => `${r.framework} ${r.control}`).join('; ')}`,
    },
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: {
      tags: ['security', 'azure', c.area, ...c.references.map((r) => `${r.framework} ${r.control}`)],
      'security-severity': SECURITY_SEVERITY[c.severity],
    },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  // Unsuppressed findings per severity and check, counted once: the total says what is left out,
  // the counts share the room among the checks of each severity.
  const counts = new Map<Severity, Map<string, number>>();
  let unsuppressed = 0;
  for (const f of report.findings) {
    if (f.suppressed) continue;
    unsuppressed++;
    let bySeverity = counts.get(f.severity);
    if (!bySeverity) counts.set(f.severity, (bySeverity = new Map<string, number>()));
    bySeverity.set(f.checkId, (bySeverity.get(f.checkId) ?? 0) + 1);
  }
  const leftOut = Math.max(0, unsuppressed - SARIF_MAX_RESULTS);
  // Results are made one at a time while the JSON is written, never as one array of the whole run.
  const toResult = (f: AuditReport['findings'][number]) => {
    const properties: Record<string, string | undefined> = {
      severity: f.severity,
      state: f.state,
      subscriptionId: f.subscriptionId,
      principalId: f.principalId,
      firstSeen: f.firstSeen,
    };
    if (f.owner) properties['owner'] = f.owner;
    if (f.links?.portal) properties['portalLink'] = f.links.portal;
    return {
      ruleId: f.checkId,
      ruleIndex: ruleIndex.get(f.checkId) ?? 0,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: artifactUri(f.resourceId) } },
          logicalLocations: [{ fullyQualifiedName: f.resourceId, kind: 'resource' }],
        },
      ],
      partialFingerprints: { miAuditorFindingId: f.id },
      properties,
    };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mi-auditor',
            version: toolVersion,
            informationUri: 'https://github.com/mi-auditor/mi-auditor',
            rules,
          },
        },
        automationDetails: { id: `mi-auditor/${report.tenantId}/${report.runId}` },
        invocations: [
          {
            // Fails closed (docs/contract.md): a partial run did not read everything, so its
            // silence about a resource is not a pass.
            executionSuccessful: report.status === 'complete',
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            // SARIF 2.1.0 §3.20.21: what kept the run from reading everything, one notification each.
            toolExecutionNotifications: [
              ...report.coverage.errors
                .filter((e) => e.source !== 'pipeline' || report.status === 'failed')
                .map((e) => ({
                  level: 'error',
                  message: { text: `${e.source} at ${e.scope}: ${e.message}` },
                  ...(e.code ? { descriptor: { id: e.code } } : {}),
                })),
              ...(leftOut
                ? [
                    {
                      level: 'warning',
                      message: {
                        text: `${leftOut} of ${unsuppressed} findings are not in this log, the least severe (the checks of a severity sharing the room fairly): GitHub code scanning rejects a run of more than ${SARIF_MAX_RESULTS} results. findings.json and findings.csv hold every finding.`,
                      },
                      descriptor: { id: 'results-left-out' },
                    },
                  ]
                : []),
            ],
          },
        ],
        results: RESULTS,
        ...(leftOut ? { properties: { resultsLeftOut: leftOut } } : {}),
      },
    ],
  };
  // Most severe first (one pass per severity), up to the limit code scanning accepts, each check of
  // a severity its fair share of what is left (one check's thousands do not push the others out).
  function* results() {
    let room = SARIF_MAX_RESULTS;
    for (const severity of SEVERITIES) {
      const ofSeverity = counts.get(severity);
      if (!ofSeverity) continue;
      const quota = fairShares(ofSeverity, room);
      for (const f of report.findings) {
        if (f.suppressed || f.severity !== severity) continue;
        const left = quota.get(f.checkId) ?? 0;
        if (left === 0) continue;
        quota.set(f.checkId, left - 1);
        room--;
        yield toResult(f);
      }
    }
  }
  // The log is written around its results: everything before them, each result on a line of its
  // own (streamJson.ts), everything after.
  const [before, after] = [...streamJson(sarif, 99)].join('').split(JSON.stringify(RESULTS)) as [
    string,
    string,
  ];
  yield before;
  yield* jsonLinesArray(results(), RESULTS_INDENT);
  yield after;
  yield '\n';
}

/**
 * How many of each check's `counts` fit in `room`, shared fairly: a check with fewer than an equal
 * share keeps all of them and leaves the rest to the others (water-filling).
 */
export function fairShares(counts: ReadonlyMap<string, number>, room: number): Map<string, number> {
  const shares = new Map<string, number>();
  const ascending = [...counts].sort((a, b) => a[1] - b[1]);
  let left = room;
  ascending.forEach(([check, count], i) => {
    const share = Math.min(count, Math.floor(left / (ascending.length - i)));
    shares.set(check, share);
    left -= share;
  });
  return shares;
}

/** Stands in for the results while the rest of the log is written. */
const RESULTS = '\u0000results';
/** `runs[0].results` sits at depth 3: 6 spaces (its items at 8). */
const RESULTS_INDENT = '      ';

/** `azure://` and the resource id's segments, each percent-encoded. */
export function artifactUri(resourceId: string): string {
  // Most ids are slash-separated segments of characters encodeURIComponent keeps: nothing to do.
  if (PLAIN_ID.test(resourceId)) return `azure://${resourceId.slice(1)}`;
  return `azure://${resourceId.split('/').filter(Boolean).map(encodeURIComponent).join('/')}`;
}

/** A leading slash and segments (none empty) of the characters encodeURIComponent leaves alone. */
const PLAIN_ID = /^(?:\/[A-Za-z0-9\-_.!~*'()]+)+$/;
