import type { PermissionBlock } from '../../collect/snapshot.js';

const patternCache = new Map<string, RegExp>();

/**
 * Azure's action-pattern matching: case-insensitive, `*` matches any run of characters (slashes
 * included), so `*` covers every action, `*\/read` every read and `Microsoft.Authorization/*\/Write`
 * every write under Microsoft.Authorization.
 */
export function actionMatches(pattern: string, action: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re.test(action);
}

/**
 * Whether a role's permission blocks allow a control-plane action: some block's `actions` match it
 * and that same block's `notActions` do not (Azure subtracts notActions per block, then unions).
 */
export function allowsAction(permissions: readonly PermissionBlock[], action: string): boolean {
  return permissions.some(
    (p) =>
      p.actions.some((a) => actionMatches(a, action)) && !p.notActions.some((n) => actionMatches(n, action)),
  );
}

/** The same for data-plane actions (`dataActions` minus `notDataActions`). */
export function allowsDataAction(permissions: readonly PermissionBlock[], action: string): boolean {
  return permissions.some(
    (p) =>
      p.dataActions.some((a) => actionMatches(a, action)) &&
      !p.notDataActions.some((n) => actionMatches(n, action)),
  );
}

/**
 * A provider no role names on purpose. An action under it is allowed only by a wildcard that spans
 * providers (`*`, `*\/write`, `*\/*`), which is how "writes everything" is told apart from a role
 * that writes many things of a few providers.
 */
const UNKNOWN_PROVIDER = 'Zz9.Unlisted/things';

/** What a role can do that matters for privilege, with wildcards and not(Data)Actions resolved. */
export interface EffectivePermissions {
  /** Creates or changes resources of any provider (write, with or without delete). */
  writesEverything: boolean;
  /** Creates role assignments: can grant any role, itself included, unless a condition limits it. */
  writesRoleAssignments: boolean;
  /** Creates role assignments only as a condition in the role's own definition allows. */
  writesRoleAssignmentsUnderCondition: boolean;
  /** Creates or changes role definitions. */
  writesRoleDefinitions: boolean;
  /** Elevates a Global Administrator to User Access Administrator at root. */
  elevatesAccess: boolean;
  /** Performs any data-plane action of any provider. */
  dataEverything: boolean;
  /** Reads Key Vault secrets' values. */
  readsKeyVaultSecrets: boolean;
}

/** Resolves a role's permission blocks into the capabilities the checks reason about. */
export function effectivePermissions(permissions: readonly PermissionBlock[]): EffectivePermissions {
  return {
    // Writing is enough: `write` "Enables write actions (PUT or PATCH)" (Learn, "Understand Azure role
    // definitions"), so a role of `*/write` without `*/delete` still creates and changes every
    // resource (run commands on machines, replace a storage account's settings).
    writesEverything: allowsAction(permissions, `${UNKNOWN_PROVIDER}/write`),
    writesRoleAssignments: allowsAction(permissions, 'Microsoft.Authorization/roleAssignments/write'),
    // Key Vault Data Access Administrator writes role assignments of the Key Vault data roles only:
    // a condition in its own definition says so ("Includes an ABAC condition to constrain role
    // assignments", Azure built-in roles). It stays access delegation, weighed as a delegation
    // assignment's condition is (contract: "lower severity, not excused").
    writesRoleAssignmentsUnderCondition:
      allowsAction(permissions, 'Microsoft.Authorization/roleAssignments/write') &&
      !allowsAction(
        permissions.filter((p) => !p.condition),
        'Microsoft.Authorization/roleAssignments/write',
      ),
    writesRoleDefinitions: allowsAction(permissions, 'Microsoft.Authorization/roleDefinitions/write'),
    elevatesAccess: allowsAction(permissions, 'Microsoft.Authorization/elevateAccess/Action'),
    dataEverything: allowsDataAction(permissions, `${UNKNOWN_PROVIDER}/write`),
    readsKeyVaultSecrets: allowsDataAction(permissions, 'Microsoft.KeyVault/vaults/secrets/getSecret/action'),
  };
}

/** The privilege class of a role, by what it can do rather than by its name. */
export type PrivilegeClass = 'owner' | 'delegation' | 'contributor' | undefined;

/**
 * Owner: writes everything and role assignments. Delegation (User Access Administrator, Role Based
 * Access Control Administrator and their equals): writes role assignments. Contributor: writes
 * everything but cannot grant access. `*\/read` alone is none of them.
 */
export function privilegeClass(permissions: readonly PermissionBlock[]): PrivilegeClass {
  const e = effectivePermissions(permissions);
  if (e.writesEverything && e.writesRoleAssignments) return 'owner';
  if (e.writesRoleAssignments || e.elevatesAccess) return 'delegation';
  if (e.writesEverything) return 'contributor';
  return undefined;
}

/** Actions a read-only auditor may hold besides reads: log queries. */
const QUERY_ACTIONS = [
  'Microsoft.OperationalInsights/workspaces/query/*/read',
  'Microsoft.OperationalInsights/workspaces/analytics/query/action',
  'Microsoft.OperationalInsights/workspaces/search/action',
  'Microsoft.ResourceGraph/resources/read',
];

/** Not counted as excess: Azure's reader roles carry support-ticket rights. */
const TOLERATED_ACTIONS = ['Microsoft.Support/*'];

function isReadOrQuery(action: string): boolean {
  const last = action.split('/').pop()?.toLowerCase();
  if (last === 'read') return true;
  if (action.toLowerCase().endsWith('/readmetadata/action')) return true;
  return (
    QUERY_ACTIONS.some((q) => actionMatches(q, action)) ||
    TOLERATED_ACTIONS.some((t) => actionMatches(t, action))
  );
}

/** Concrete actions a pattern stands for: each wildcard becomes a write, a delete and an action. */
function examplesOf(pattern: string): string[] {
  if (!pattern.includes('*')) return [pattern];
  return ['zz9probe/write', 'zz9probe/delete', 'zz9probe/action'].map((s) => pattern.replaceAll('*', s));
}

/**
 * The granted patterns that let a role do more than read and query logs, after not(Data)Actions.
 * Empty for Reader, Log Analytics Reader, Monitoring Reader and Key Vault Reader.
 */
export function nonReadGrants(permissions: readonly PermissionBlock[]): {
  actions: string[];
  dataActions: string[];
} {
  const actions = new Set<string>();
  const dataActions = new Set<string>();
  for (const p of permissions) {
    for (const pattern of p.actions) {
      if (examplesOf(pattern).some((a) => allowsAction(permissions, a) && !isReadOrQuery(a)))
        actions.add(pattern);
    }
    for (const pattern of p.dataActions) {
      if (examplesOf(pattern).some((a) => allowsDataAction(permissions, a) && !isReadOrQuery(a))) {
        dataActions.add(pattern);
      }
    }
  }
  return { actions: [...actions], dataActions: [...dataActions] };
}
