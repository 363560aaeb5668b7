import type { AuditSnapshot } from '../../collect/snapshot.js';
import { finding } from '../lib/finding.js';
import { byVaultAndCaller, vaultCaller, logCoverage } from '../lib/keyVaultLogs.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import type { CheckContext, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

export function evaluate(
  snapshot: AuditSnapshot,
  _context?: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const refused = snapshot.keyVaultLogs.aggregates.filter((a) => a.httpStatus === 403);
  const findings = byVaultAndCaller(refused).map((group) => {
    const { summary: s, who, vaultName, target } = vaultCaller(view, group);
    return finding(metadata, {
      ...target,
      message: `Key Vault '${vaultName}' refused ${who} ${s.count} time(s) (403) for ${s.operations.join(', ')} between ${s.firstSeen} and ${s.lastSeen}.`,
      evidence: { ...s, httpStatus: 403 },
    });
  });
  return { findings, ...logCoverage(view), errors: [] };
}
