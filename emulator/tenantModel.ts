import builtInRoles from './data/builtInRoles.json' with { type: 'json' };
import type { TenantFixture } from './fixture/tenantFixture.js';

export type Json = Record<string, any>;

/** Lower-cases and strips trailing slashes: Azure compares ids case-insensitively. */
export function norm(id: string): string {
  const s = id.trim().replace(/\/+$/, '').toLowerCase();
  return s === '' ? '/' : s;
}

export function guidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').filter(Boolean).pop() ?? '').toLowerCase();
}

const patternCache = new Map<string, RegExp>();
function matches(pattern: string, action: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    );
    patternCache.set(pattern, re);
  }
  return re.test(action);
}

/** Whether ARM role permissions allow an action (per block: actions minus notActions). */
export function roleAllows(role: Json, action: string): boolean {
  const blocks: Json[] = role['properties']?.['permissions'] ?? [];
  return blocks.some(
    (b) =>
      (b['actions'] ?? []).some((a: string) => matches(a, action)) &&
      !(b['notActions'] ?? []).some((n: string) => matches(n, action)),
  );
}

/**
 * Resource types that exist in ARM but not in Resource Graph's `resources` table: federated identity
 * credentials (learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources
 * lists microsoft.managedidentity/userassignedidentities, not its federatedidentitycredentials).
 * Fixtures may list them as `resources` rows, as earlier fixtures did; the emulator serves them
 * only through ARM.
 */
export const ARM_ONLY_TYPES = new Set([
  'microsoft.managedidentity/userassignedidentities/federatedidentitycredentials',
]);

/**
 * The fixture as the emulated APIs see it: indexes, the management-group tree, and what the
 * auditor's own role assignments let it read.
 */
export class TenantModel {
  readonly tenantId: string;
  readonly roles: Json[];
  private readonly roleByGuid: Map<string, Json>;
  private readonly mgParent = new Map<string, string | null>();
  private readonly subGroup = new Map<string, string>();
  private readonly permissionCache = new Map<string, boolean>();
  /** Ancestors by normalised scope: the fixture cannot change, so each scope's chain is built once. */
  private readonly ancestorCache = new Map<string, { list: string[]; set: Set<string> }>();
  /** Role assignments by lower-cased principal id, indexed once (was: a filter over all per call). */
  private assignmentsByPrincipal: Map<string, Json[]> | undefined;
  private readonly started = Date.now();
  /** Rows of Resource Graph's `resources` table: the fixture's, without ARM-only types. */
  readonly graphResources: TenantFixture['resources'];
  /** ARM-only resources by lower-cased id: `armResources` and ARM-only `resources` rows. */
  readonly armOnly = new Map<string, Json>();
  /** ARM-only resources by lower-cased parent collection path (`{parent id}/{child type name}`). */
  readonly armOnlyByCollection = new Map<string, Json[]>();

  constructor(readonly fixture: TenantFixture) {
    this.tenantId = fixture.tenantId.toLowerCase();
    const custom = new Map(fixture.roleDefinitions.map((r) => [r.name.toLowerCase(), r as Json]));
    const builtIns = (builtInRoles.value as Json[]).filter(
      (r) => !custom.has(String(r['name']).toLowerCase()),
    );
    this.roles = [...builtIns, ...custom.values()];
    this.roleByGuid = new Map(this.roles.map((r) => [String(r['name']).toLowerCase(), r]));
    for (const g of fixture.managementGroups)
      this.mgParent.set(g.name.toLowerCase(), g.parent?.toLowerCase() ?? null);
    if (!this.mgParent.has(this.tenantId)) this.mgParent.set(this.tenantId, null);
    for (const s of fixture.subscriptions) {
      this.subGroup.set(s.subscriptionId.toLowerCase(), (s.managementGroup ?? this.tenantId).toLowerCase());
    }
    this.graphResources = fixture.resources.filter((r) => !ARM_ONLY_TYPES.has(r.type.toLowerCase()));
    // A `resources` row of an ARM-only type is served as ARM serves the child resource: id, name,
    // type, properties (corpus msi/federated-identity-credentials-list), without ARG's columns.
    const armOnly = [
      ...fixture.resources
        .filter((r) => ARM_ONLY_TYPES.has(r.type.toLowerCase()))
        .map((r) => ({
          id: r.id,
          // ARM names a child by its own segment (ARG rows may say parent/child).
          name: r.id.split('/').pop() ?? r.name,
          type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
          properties: (r as Json)['properties'] ?? {},
        })),
      ...fixture.armResources,
    ];
    for (const r of armOnly as Json[]) {
      const id = norm(String(r['id']));
      this.armOnly.set(id, r);
      const collection = id.slice(0, id.lastIndexOf('/'));
      const list = this.armOnlyByCollection.get(collection);
      if (list) list.push(r);
      else this.armOnlyByCollection.set(collection, [r]);
    }
  }

  /** Whether an ARM resource (Resource Graph row or ARM-only resource) exists. */
  resourceExists(id: string): boolean {
    const n = norm(id);
    this.resourceIds ??= new Set(this.fixture.resources.map((r) => norm(r.id)));
    return this.armOnly.has(n) || this.resourceIds.has(n);
  }
  private resourceIds: Set<string> | undefined;

  /** The emulator's clock: the fixture's `now`, advancing with real time. */
  now(): Date {
    if (!this.fixture.now) return new Date();
    return new Date(new Date(this.fixture.now).getTime() + (Date.now() - this.started));
  }

  role(guidOrId: string): Json | undefined {
    return this.roleByGuid.get(guidOf(guidOrId) || guidOrId.toLowerCase());
  }

  /** Management groups above a group, nearest first, ending at the tenant root group. */
  groupChain(group: string): string[] {
    const chain: string[] = [];
    let current: string | null | undefined = group.toLowerCase();
    const seen = new Set<string>();
    while (current && !seen.has(current)) {
      seen.add(current);
      chain.push(current);
      current = this.mgParent.get(current) ?? (current === this.tenantId ? null : this.tenantId);
    }
    return chain;
  }

  subscriptionGroup(subscriptionId: string): string | undefined {
    return this.subGroup.get(subscriptionId.toLowerCase());
  }

  /** Every scope a grant could come from for `scope`: itself, its parents, groups above, and `/`. */
  ancestors(scope: string): string[] {
    return this.ancestry(scope).list;
  }

  /** {@link ancestors} as a set, for membership tests. */
  ancestorSet(scope: string): ReadonlySet<string> {
    return this.ancestry(scope).set;
  }

  private ancestry(scope: string): { list: string[]; set: Set<string> } {
    const s = norm(scope);
    let entry = this.ancestorCache.get(s);
    if (!entry) {
      // Bounded: a benchmark may ask about a million resource ids once each.
      if (this.ancestorCache.size > 200_000) this.ancestorCache.clear();
      const list = this.computeAncestors(s);
      entry = { list, set: new Set(list) };
      this.ancestorCache.set(s, entry);
    }
    return entry;
  }

  private computeAncestors(s: string): string[] {
    if (s === '/') return ['/'];
    const mg = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/.exec(s);
    if (mg)
      return [
        ...this.groupChain(mg[1]!).map((g) => `/providers/microsoft.management/managementgroups/${g}`),
        '/',
      ];
    const sub = /^\/subscriptions\/([^/]+)/.exec(s)?.[1];
    if (!sub) return [s, '/'];
    const out: string[] = [];
    let current = s;
    while (current.length > `/subscriptions/${sub}`.length) {
      out.push(current);
      const rg = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)(\/.*)?$/.exec(current);
      if (rg && rg[2]) {
        // Nested resources: drop one type/name pair; past the first provider, go to the group.
        const parts = rg[2].split('/').filter(Boolean);
        current = parts.length > 4 ? `${rg[1]}/${parts.slice(0, -2).join('/')}` : rg[1]!;
      } else current = `/subscriptions/${sub}`;
    }
    out.push(`/subscriptions/${sub}`);
    const group = this.subGroup.get(sub);
    if (group)
      for (const g of this.groupChain(group))
        out.push(`/providers/microsoft.management/managementgroups/${g}`);
    out.push('/');
    return out;
  }

  /** Whether `scope` is `ancestor` or lies below it. */
  isWithin(scope: string, ancestor: string): boolean {
    return this.ancestorSet(scope).has(norm(ancestor));
  }

  /** The assignments of a principal (lower-cased id). */
  assignmentsOf(principalId: string): Json[] {
    if (!this.assignmentsByPrincipal) {
      this.assignmentsByPrincipal = new Map();
      for (const a of this.fixture.roleAssignments) {
        const key = a.properties.principalId.toLowerCase();
        const list = this.assignmentsByPrincipal.get(key);
        if (list) list.push(a);
        else this.assignmentsByPrincipal.set(key, [a]);
      }
    }
    return this.assignmentsByPrincipal.get(principalId.toLowerCase()) ?? [];
  }

  /** Whether the auditor holds `action` at `scope`, through an assignment there or above. */
  auditorCan(action: string, scope: string): boolean {
    const key = `${action}|${norm(scope)}`;
    let allowed = this.permissionCache.get(key);
    if (allowed === undefined) {
      const above = this.ancestorSet(scope);
      allowed = this.assignmentsOf(this.fixture.auditor.principalId).some((a) => {
        if (!above.has(norm(String(a['properties']['scope'])))) return false;
        const role = this.role(String(a['properties']['roleDefinitionId']));
        return role !== undefined && roleAllows(role, action);
      });
      this.permissionCache.set(key, allowed);
    }
    return allowed;
  }

  /** The resource's subscription id, lower-cased. */
  static subscriptionOf(id: string): string | undefined {
    return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase();
  }
}
