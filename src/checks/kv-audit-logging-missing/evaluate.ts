import type { AuditSnapshot, DiagnosticSetting } from '../../collect/snapshot.js';
import { finding } from '../lib/finding.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import { normalizeId } from '../../azure/scopes.js';
import { describeSourceErrors } from '../lib/sourceErrors.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { LOG_ROWS_RULE, metadata, SETTINGS_RULE } from './metadata.js';

export { LOG_ROWS_RULE, SETTINGS_RULE };

const AUDIT_GROUPS = new Set(['audit', 'alllogs']);

/** The setting that sends audit logs somewhere, if any. */
export function auditSetting(settings: readonly DiagnosticSetting[]): DiagnosticSetting | undefined {
  return settings.find((s) => {
    const hasDestination = Boolean(
      s.workspaceId || s.storageAccountId || s.eventHubAuthorizationRuleId || s.marketplacePartnerId,
    );
    const auditEnabled = s.logs.some(
      (l) =>
        l.enabled &&
        (l.category?.toLowerCase() === 'auditevent' ||
          AUDIT_GROUPS.has(l.categoryGroup?.toLowerCase() ?? '')),
    );
    return hasDestination && auditEnabled;
  });
}

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
    // Settings unreadable (or never returned): fall back to the logs themselves.
    if (readableWorkspaces.length === 0) {
      const why = unreadable.get(id);
      errors.push(
        `Key Vault '${vault.name}': diagnostic settings could not be read${why ? ` (${why.statusCode ?? ''} ${why.message})` : ''} and no Log Analytics workspace was readable to fall back on`,
      );
      continue;
    }
    evaluated++;
    if (vaultsWithRows.has(id)) continue;
    findings.push(
      finding(metadata, {
        message: `Key Vault '${vault.name}': its diagnostic settings could not be read, and none of the ${readableWorkspaces.length} readable workspace(s) holds audit rows for it in the look-back window.`,
        ...base,
        evidence: {
          rule: LOG_ROWS_RULE,
          workspacesSearched: readableWorkspaces.map((w) => w.resourceId),
          window: { start: snapshot.keyVaultLogs.windowStart, end: snapshot.keyVaultLogs.windowEnd },
        },
      }),
    );
  }
  // Errors reading settings are covered by the fallback above; only unreadable logs matter here.
  errors.push(...describeSourceErrors(snapshot.resources.errors));
  return { findings, evaluated, errors };
}
