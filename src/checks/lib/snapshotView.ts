import { auditWorkspaces } from '../../azure/keyVaultAuditSettings.js';
import { normalizeId } from '../../azure/scopes.js';
import type {
  AuditSnapshot,
  DirectoryPrincipal,
  ResourceRow,
  RoleAssignment,
  RoleEligibility,
  SubscriptionInfo,
} from '../../collect/snapshot.js';
import { KEY_VAULT_TYPE } from './keyVaultLogs.js';
import { isForeignGroup, kindOfEntry, type PrincipalKind } from './principalKind.js';
import { roleCatalog, type RoleCatalog } from './roleCatalog.js';
import { ownCredentials, type OwnCredentials } from './signInCredentials.js';

/**
 * The snapshot indexed the ways checks look things up, built once per run and shared by every
 * check (the pipeline passes it as `evaluate`'s third argument). Each index is built the first time
 * a check asks for it, so a run of one check pays only for what that check reads.
 *
 * Keys are as normalisation left them: principal ids, role GUIDs, subscription ids and Resource
 * Graph types are already lower-case in the snapshot; resource ids and scopes are keyed by
 * `normalizeId` (lower-case, no trailing slash) because Azure returns them in any casing.
 */
export interface SnapshotView {
  readonly snapshot: AuditSnapshot;
  /** Role definitions by GUID, with their privilege class computed once per role. */
  readonly roles: RoleCatalog;
  /** Resources of one Resource Graph type (lower-case, as ARG returns it). */
  resourcesOfType(type: string): readonly ResourceRow[];
  /** The Key Vaults of the inventory. */
  readonly keyVaults: readonly ResourceRow[];
  /** A Key Vault by its id in any casing (log rows carry ids upper-cased). */
  vault(id: string): ResourceRow | undefined;
  /**
   * Key Vaults whose diagnostic settings were read and send their audit logs to no Log Analytics
   * workspace: no log the audit queries holds what they were asked.
   */
  readonly vaultsLoggingToNoWorkspace: number;
  /** Subscriptions that were read. */
  readonly readSubscriptions: readonly SubscriptionInfo[];
  /** The directory's entry for a (lower-case) principal id, if it was looked up and found. */
  principal(principalId: string): DirectoryPrincipal | undefined;
  /** What kind of principal an id is, by the directory alone (see PrincipalKind). */
  principalKind(principalId: string): PrincipalKind;
  /**
   * Display name and UPN where known, else the id; given the assignment's principal type
   * `ForeignGroup`, an id this directory never holds is named a group of another tenant (see
   * rbac-orphaned-assignment).
   */
  principalLabel(principalId: string, principalType?: string): string;
  /**
   * Whether a service principal, by object id or else by app id, signs in with credentials of its
   * own (signInCredentials.ts).
   */
  ownCredentials(principal: { objectId?: string; appId?: string }): OwnCredentials;
  /** Active role assignments of a (lower-case) principal id. */
  assignmentsOf(principalId: string): readonly RoleAssignment[];
  /** Active role assignments made at exactly this scope (any casing). */
  assignmentsAt(scope: string): readonly RoleAssignment[];
  /** PIM eligibilities made at exactly this scope (any casing). */
  eligibilitiesAt(scope: string): readonly RoleEligibility[];
  /** How many active assignments use each role (by GUID). */
  assignmentCount(roleGuid: string): number;
}

const NONE: readonly never[] = [];

/** Builds the view; indices are built lazily and kept for the view's life (one run). */
export function createSnapshotView(snapshot: AuditSnapshot): SnapshotView {
  const once = <T>(build: () => T): (() => T) => {
    let value: T | undefined;
    let built = false;
    return () => {
      if (!built) {
        value = build();
        built = true;
      }
      return value as T;
    };
  };
  const roles = once(() => roleCatalog(snapshot));
  const byType = once(() => groupInto(snapshot.resources.items, (r) => r.type.toLowerCase()));
  const vaults = once(() => new Map((byType().get(KEY_VAULT_TYPE) ?? []).map((v) => [normalizeId(v.id), v])));
  const readSubscriptions = once(() => snapshot.subscriptions.items.filter((s) => s.read));
  const loggingToNoWorkspace = once(() => {
    const settings = new Map(
      snapshot.diagnosticSettings.items.map((d) => [normalizeId(d.resourceId), d.settings]),
    );
    let count = 0;
    for (const id of vaults().keys()) {
      const own = settings.get(id);
      if (own && auditWorkspaces(own).length === 0) count++;
    }
    return count;
  });
  const lookedUp = once(() => new Set(snapshot.directory.lookedUp));
  const byPrincipal = once(() => groupInto(snapshot.roleAssignments.items, (a) => a.principalId));
  const byScope = once(() => groupInto(snapshot.roleAssignments.items, (a) => normalizeId(a.scope)));
  const eligibleByScope = once(() =>
    groupInto(snapshot.roleEligibilities.items, (e) => normalizeId(e.scope)),
  );
  const perRole = once(() => {
    const counts = new Map<string, number>();
    for (const a of snapshot.roleAssignments.items)
      counts.set(a.roleDefinitionGuid, (counts.get(a.roleDefinitionGuid) ?? 0) + 1);
    return counts;
  });
  const principal = (id: string) => snapshot.directory.principals[id];
  const servicePrincipals = once(
    () => new Map(snapshot.applications.servicePrincipals.map((sp) => [sp.id.toLowerCase(), sp])),
  );
  const servicePrincipalsOfApps = once(
    () => new Map(snapshot.applications.servicePrincipals.map((sp) => [sp.appId.toLowerCase(), sp])),
  );
  const applications = once(
    () => new Map(snapshot.applications.applications.map((a) => [a.appId.toLowerCase(), a])),
  );

  return {
    snapshot,
    get roles() {
      return roles();
    },
    resourcesOfType: (type) => byType().get(type) ?? NONE,
    get keyVaults() {
      return [...vaults().values()];
    },
    vault: (id) => vaults().get(normalizeId(id)),
    get vaultsLoggingToNoWorkspace() {
      return loggingToNoWorkspace();
    },
    get readSubscriptions() {
      return readSubscriptions();
    },
    principal,
    principalKind(id) {
      const entry = principal(id);
      if (entry) return kindOfEntry(entry);
      return lookedUp().has(id) && snapshot.directory.errors.length === 0 ? 'absent' : 'unknown';
    },
    principalLabel(id, principalType) {
      const entry = principal(id);
      if (!entry) return isForeignGroup(principalType) ? `group ${id} of another tenant` : id;
      const name = entry.displayName ?? id;
      return entry.userPrincipalName ? `${name} (${entry.userPrincipalName})` : name;
    },
    ownCredentials({ objectId, appId }) {
      const sp = objectId
        ? servicePrincipals().get(objectId.toLowerCase())
        : appId
          ? servicePrincipalsOfApps().get(appId.toLowerCase())
          : undefined;
      return ownCredentials(snapshot, sp, sp ? applications().get(sp.appId.toLowerCase()) : undefined);
    },
    assignmentsOf: (id) => byPrincipal().get(id) ?? NONE,
    assignmentsAt: (scope) => byScope().get(normalizeId(scope)) ?? NONE,
    eligibilitiesAt: (scope) => eligibleByScope().get(normalizeId(scope)) ?? NONE,
    assignmentCount: (guid) => perRole().get(guid) ?? 0,
  };
}

/** Groups rows by a key, in one pass. */
function groupInto<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
