import type { AuditSnapshot } from '../../collect/snapshot.js';
import { finding } from '../lib/finding.js';
import { auditSetting } from '../lib/keyVaultLogs.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import { normalizeId } from '../../azure/scopes.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata, SETTINGS_RULE } from './metadata.js';

export { auditSetting, SETTINGS_RULE };

export function evaluate(
  snapshot: AuditSnapshot,
  _context?: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const settingsByVault = new Map(
    snapshot.diagnosticSettings.items.map((d) => [normalizeId(d.resourceId), d.settings]),
  );
  const unreadable = new Map(snapshot.diagnosticSettings.errors.map((e) => [normalizeId(e.scope), e]));
  const vaultsWithRows = new Set(snapshot.keyVaultLogs.aggregates.map((a) => a.vaultId.toLowerCase()));
  const readableWorkspaces = snapshot.keyVaultLogs.workspaces.filter((w) => w.read);
  const findings: CheckFinding[] = [];
  const errors: string[] = [];
  let evaluated = 0;

  for (const vault of view.keyVaults) {
    const id = normalizeId(vault.id);
    const settings = settingsByVault.get(id);
    const base = { resourceId: vault.id, subscriptionId: vault.subscriptionId.toLowerCase() };
    if (settings) {
      evaluated++;
      if (auditSetting(settings)) continue;
      findings.push(
        finding(metadata, {
          message:
            settings.length === 0
              ? `Key Vault '${vault.name}' has no diagnostic setting, so no access to it is logged.`
              : `Key Vault '${vault.name}' has ${settings.length} diagnostic setting(s) but none sends AuditEvent (or the audit/allLogs group) to a destination.`,
          ...base,
          evidence: {
            rule: SETTINGS_RULE,
            diagnosticSettings: settings.map((s) => ({
              name: s.name,
              logs: s.logs,
              destination:
                s.workspaceId ??
                s.storageAccountId ??
                s.eventHubAuthorizationRuleId ??
                s.marketplacePartnerId ??
                null,
            })),
          },
        }),
      );
      continue;
    }
    // Settings unreadable (or never returned): audit rows in a readable workspace prove logging.
    // Their absence proves nothing (the logs may go to storage, or to a workspace not read), so
    // an outage of the settings API never raises a finding: the vault is left undecided.
    if (vaultsWithRows.has(id)) {
      evaluated++;
      continue;
    }
    const why = unreadable.get(id);
    errors.push(
      `Key Vault '${vault.name}': diagnostic settings could not be read${why ? ` (${why.statusCode ?? ''} ${why.message})` : ''} and none of the ${readableWorkspaces.length} readable workspace(s) holds its audit rows, so whether it logs is unknown`,
    );
  }
  return { findings, evaluated, errors };
}
