import type { AuditSnapshot } from '../../collect/snapshot.js';
import { finding } from '../lib/finding.js';
import { byVaultAndCaller, vaultCaller, logCoverage } from '../lib/keyVaultLogs.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(
  snapshot: AuditSnapshot,
  context: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const gets = snapshot.keyVaultLogs.aggregates.filter(
    (a) => a.operation.toLowerCase() === 'secretget' && a.httpStatus >= 200 && a.httpStatus < 300,
  );
  const findings: CheckFinding[] = [];
  for (const group of byVaultAndCaller(gets)) {
    // Each aggregate counts distinct names across both tables (one KQL dcount over their union), so
    // reads logged before and after a vault changed modes count together and none twice. Several
    // 2xx statuses make several aggregates; the largest is the safe lower bound, never their sum.
    const distinct = group.rows.reduce((max, r) => Math.max(max, r.distinctObjects), 0);
    if (distinct < context.kvMassRetrievalThreshold) continue;
    const { summary: s, who, vaultName, target } = vaultCaller(view, group);
    findings.push(
      finding(metadata, {
        ...target,
        message: `${who} read ${distinct} distinct secrets of Key Vault '${vaultName}' between ${s.firstSeen} and ${s.lastSeen} (threshold ${context.kvMassRetrievalThreshold}).`,
        evidence: { ...s, distinctSecrets: distinct, threshold: context.kvMassRetrievalThreshold },
      }),
    );
  }
  return { findings, ...logCoverage(view), errors: [] };
}
