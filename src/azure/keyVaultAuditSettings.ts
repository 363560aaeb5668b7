/**
 * Which diagnostic settings of a Key Vault send its audit logs, and where: the rule the log checks
 * and the collectors share (a collector must know which workspaces to query for a vault's logs).
 * Structural, so that it needs no collector type.
 */
interface DiagnosticSettingShape {
  workspaceId?: string | null;
  storageAccountId?: string | null;
  eventHubAuthorizationRuleId?: string | null;
  marketplacePartnerId?: string | null;
  logs: readonly { category?: string | null; categoryGroup?: string | null; enabled: boolean }[];
}

const AUDIT_GROUPS = new Set(['audit', 'alllogs']);

/** Whether a diagnostic setting enables the audit logs: category AuditEvent or group audit/allLogs. */
function enablesAudit(setting: DiagnosticSettingShape): boolean {
  return setting.logs.some(
    (l) =>
      l.enabled &&
      (l.category?.toLowerCase() === 'auditevent' || AUDIT_GROUPS.has(l.categoryGroup?.toLowerCase() ?? '')),
  );
}

/**
 * The diagnostic setting that sends a vault's audit logs somewhere, if any: category AuditEvent or
 * category group audit/allLogs enabled, to any destination.
 */
export function auditSetting<T extends DiagnosticSettingShape>(settings: readonly T[]): T | undefined {
  return settings.find(
    (s) =>
      enablesAudit(s) &&
      Boolean(s.workspaceId || s.storageAccountId || s.eventHubAuthorizationRuleId || s.marketplacePartnerId),
  );
}

/** The Log Analytics workspaces (resource ids) a vault's audit logs go to: where its log checks must look. */
export function auditWorkspaces(settings: readonly DiagnosticSettingShape[]): string[] {
  return settings.flatMap((s) => (s.workspaceId && enablesAudit(s) ? [s.workspaceId] : []));
}
