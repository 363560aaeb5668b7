export { auditSetting, auditWorkspaces } from '../../azure/keyVaultAuditSettings.js';
import type { AuditSnapshot, KeyVaultAccessAggregate, ResourceRow } from '../../collect/snapshot.js';
import type { CheckResult } from '../types.js';
import { kindOfEntry, type PrincipalKind } from './principalKind.js';
import type { SnapshotView } from './snapshotView.js';

/** Resource Graph's (lower-case) type of Key Vaults. */
export const KEY_VAULT_TYPE = 'microsoft.keyvault/vaults';

/** The Key Vaults of the snapshot (checks read `view.keyVaults`, indexed once per run). */
export function keyVaults(snapshot: AuditSnapshot): ResourceRow[] {
  return snapshot.resources.items.filter((r) => r.type.toLowerCase() === KEY_VAULT_TYPE);
}

/** Why a log check leaves a vault out of what it evaluated (its coverage). */
export const VAULT_NOT_OBSERVED =
  'vaults whose audit logs go to no Log Analytics workspace (only to a storage account, Event Hubs or a partner, or nowhere: kv-audit-logging-missing reports those): what they were asked is not in any log this audit reads';

/**
 * How many vaults a log check observed, and those it could not: a vault whose diagnostic settings
 * were read and send its audit logs to no workspace is in no log the audit can query, so a log
 * check's silence about it proves nothing (the pipeline keeps its findings from being resolved, and
 * the check does not count it as evaluated). A vault whose settings could not be read is counted:
 * the pipeline makes the check `error` for it.
 */
export function logCoverage(view: SnapshotView): Pick<CheckResult, 'evaluated' | 'notEvaluated'> {
  const unobserved = view.vaultsLoggingToNoWorkspace;
  return {
    evaluated: view.keyVaults.length - unobserved,
    ...(unobserved ? { notEvaluated: [{ reason: VAULT_NOT_OBSERVED, count: unobserved }] } : {}),
  };
}

/** The log aggregates of operations that succeeded (2xx) and whose name matches `operation`. */
export function succeeded(snapshot: AuditSnapshot, operation: RegExp): KeyVaultAccessAggregate[] {
  return snapshot.keyVaultLogs.aggregates.filter(
    (a) => a.httpStatus >= 200 && a.httpStatus < 300 && operation.test(a.operation),
  );
}

/** The caller's stable key: object id, else app id, else UPN. Undefined for an unidentified caller. */
export function callerKey(a: KeyVaultAccessAggregate): string | undefined {
  return (a.callerObjectId ?? a.callerAppId ?? a.callerUpn)?.toLowerCase() || undefined;
}

/**
 * Who a Key Vault caller is. The directory decides when it knows the object; when the directory
 * could not be read, the caller is unknown; otherwise the token claims in the log row do: `xms_mirid` is set only in managed-identity tokens, a UPN or
 * `idtyp=user` marks a user, and an app token without `xms_mirid` is a service principal that
 * signed in with its own secret or certificate.
 */
export function callerKind(
  view: SnapshotView,
  a: KeyVaultAccessAggregate,
): { kind: PrincipalKind; basis: string } {
  const entry = a.callerObjectId ? view.principal(a.callerObjectId.toLowerCase()) : undefined;
  if (entry) return { kind: kindOfEntry(entry), basis: 'directory' };
  // With the directory unreadable, an object id not found may simply not have been looked up:
  // guessing from claims would raise findings the outage caused (the check is `error` instead).
  if (a.callerObjectId && view.snapshot.directory.errors.length > 0)
    return { kind: 'unknown', basis: 'directory unreadable' };
  if (a.callerManagedIdentityResourceId) return { kind: 'managedIdentity', basis: 'token claim xms_mirid' };
  if (a.callerUpn || a.callerIdType?.toLowerCase() === 'user')
    return { kind: 'member', basis: 'token claims (upn/idtyp)' };
  if (a.callerIdType?.toLowerCase() === 'app' || a.callerAppId) {
    return { kind: 'servicePrincipalWithCredentials', basis: 'token claims (app token without xms_mirid)' };
  }
  return { kind: 'unknown', basis: 'no identifying claims' };
}

/** Merges aggregates of one vault and caller (both tables, several statuses) for evidence. */
export function summarize(rows: readonly KeyVaultAccessAggregate[]) {
  const operations = [...new Set(rows.map((r) => r.operation))].sort();
  return {
    operations,
    count: rows.reduce((n, r) => n + r.count, 0),
    callerIps: [...new Set(rows.flatMap((r) => r.callerIps))].sort().slice(0, 20),
    firstSeen: rows.map((r) => r.firstSeen).sort()[0],
    lastSeen: rows
      .map((r) => r.lastSeen)
      .sort()
      .at(-1),
    tables: [...new Set(rows.flatMap((r) => r.tables))].sort(),
    appId: rows.find((r) => r.callerAppId)?.callerAppId,
    upn: rows.find((r) => r.callerUpn)?.callerUpn,
  };
}

/** Groups aggregates by a key; rows for which the key is undefined are dropped. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Aggregates grouped per vault and identified caller; rows of unidentified callers are left out. */
export function byVaultAndCaller(
  rows: readonly KeyVaultAccessAggregate[],
): { caller: string; rows: KeyVaultAccessAggregate[] }[] {
  const groups = groupBy(rows, (a) => {
    const caller = callerKey(a);
    return caller ? `${a.vaultId.toLowerCase()}|${caller}` : undefined;
  });
  return [...groups].map(([key, group]) => ({ caller: key.slice(key.indexOf('|') + 1), rows: group }));
}

/** The vault's name from its id, for messages when the vault itself is not in the inventory. */
export function vaultName(vaultId: string, vault: ResourceRow | undefined): string {
  return vault?.name ?? vaultId.split('/').pop() ?? vaultId;
}

/**
 * What a log-content finding says about its vault and caller: the vault (when it is in the
 * inventory), a readable caller name, the rows' summary, and the finding's target fields.
 */
export function vaultCaller(view: SnapshotView, group: { caller: string; rows: KeyVaultAccessAggregate[] }) {
  const first = group.rows[0]!;
  const vault = view.vault(first.vaultId);
  const summary = summarize(group.rows);
  return {
    first,
    summary,
    vaultName: vaultName(first.vaultId, vault),
    who: first.callerObjectId
      ? view.principalLabel(first.callerObjectId.toLowerCase())
      : (summary.upn ?? summary.appId ?? group.caller),
    target: {
      resourceId: vault?.id ?? first.vaultId,
      ...(vault ? { subscriptionId: vault.subscriptionId.toLowerCase() } : {}),
      ...(first.callerObjectId ? { principalId: first.callerObjectId.toLowerCase() } : {}),
      discriminator: group.caller,
    },
  };
}
