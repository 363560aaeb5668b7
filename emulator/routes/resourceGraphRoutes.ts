import { createHash } from 'node:crypto';

import type { JWTPayload } from 'jose';

import { apiVersionRefusal } from '../arm/apiVersions.js';
import { AUDIENCES } from '../identity/tokenIssuer.js';
import {
  resourceGraphBadRequest,
  resourceGraphInvalidQuery,
  resourceGraphThrottled,
} from '../errors/resourceGraphErrors.js';
import { json, type EmulatorRequest, type Route } from '../http.js';
import { KqlError, runQuery, tableFromObjects, Timespan, type KqlTable, type Value } from '../kql/index.js';
import { ARG_RESOURCE_COLUMNS } from '../kql/schemas.js';
import { norm, TenantModel, type Json } from '../tenantModel.js';

/** Resource Graph's per-caller quota: `requests` per `windowMs` (Azure: 15 per 5 s). */
export interface ArgQuota {
  requests: number;
  windowMs: number;
  /** Whether a 429 carries Retry-After (Azure does not document it; the SDK retries only with it). */
  retryAfter: boolean;
  /**
   * How many subscriptions a tenant-scope query covers: "When a security principal has access to
   * more than 10,000 subscriptions within the tenant or management group query scope, the response
   * is limited to the first 10,000 subscriptions and the x-ms-tenant-subscription-limit-hit header
   * is returned as true" (Learn, Resource Graph "Guidance for throttled requests"). Tests lower it.
   */
  tenantSubscriptionLimit?: number;
}

export const DEFAULT_ARG_QUOTA: ArgQuota = { requests: 15, windowMs: 5000, retryAfter: true };

const MAX_TOP = 1000;

/** Subscriptions a tenant-scope query covers at most (see ArgQuota.tenantSubscriptionLimit). */
const TENANT_SUBSCRIPTION_LIMIT = 10_000;

interface CallerWindow {
  start: number;
  used: number;
}

/**
 * `x-ms-user-quota-resets-after` as a TimeSpan, `hh:mm:ss.fffffff`: Microsoft documents the header as
 * `hh:mm:ss` ("Guidance for throttled requests in Azure Resource Graph",
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests);
 * the fraction keeps a shrunk window (`--quota-scale`) exact instead of rounding it up to a second.
 */
export function hhmmss(ms: number): string {
  const total = Math.max(0, ms) / 1000;
  const whole = Math.floor(total);
  const ticks = Math.round((total - whole) * 1e7);
  const pad = (n: number) => String(n).padStart(2, '0');
  const fraction = ticks > 0 ? `.${String(Math.min(ticks, 9_999_999)).padStart(7, '0')}` : '';
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}${fraction}`;
}

/** Serialises a row value as ARG's JSON does. */
function wire(v: Value): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Timespan) return v.toString();
  return v;
}

const ARG_TYPES: Record<string, string> = {
  string: 'string',
  guid: 'string',
  long: 'integer',
  int: 'integer',
  real: 'number',
  bool: 'boolean',
  datetime: 'datetime',
  timespan: 'string',
  dynamic: 'object',
};

/** The tables Resource Graph serves, by the lower-case name a query uses. */
type TableName = 'resources' | 'resourcecontainers' | 'authorizationresources' | 'batchresources';
const TABLE_NAMES: readonly TableName[] = [
  'resources',
  'resourcecontainers',
  'authorizationresources',
  'batchresources',
];

/** The rows of `resources` (and `batchresources`): the fixture's, with ARG's lower-cased keys. */
function resourceRows(model: TenantModel): Json[] {
  const tenantId = model.tenantId;
  return model.graphResources.map((r): Json => {
    const sub = (r.subscriptionId ?? TenantModel.subscriptionOf(r.id) ?? '').toLowerCase();
    const rg = r.resourceGroup ?? /\/resourcegroups\/([^/]+)/i.exec(r.id)?.[1] ?? '';
    return {
      ...r,
      type: r.type.toLowerCase(),
      subscriptionId: sub,
      resourceGroup: rg.toLowerCase(),
      tenantId,
    };
  });
}

/** The rows of `resourcecontainers`: subscriptions, resource groups, management groups. */
function containerRows(model: TenantModel): Json[] {
  const tenantId = model.tenantId;
  const containers: Json[] = [];
  const groups = new Map<string, Json>();
  // Resource groups the fixture declares itself (with `managedBy`, say) replace the derived ones.
  const declared = new Set(
    model.fixture.resourceContainers
      .map((c) => norm(c.id))
      .filter((id) => /\/resourcegroups\/[^/]+$/.test(id)),
  );
  const mgNames = new Map(model.fixture.managementGroups.map((g) => [g.name.toLowerCase(), g.displayName]));
  for (const s of model.fixture.subscriptions) {
    const sub = s.subscriptionId.toLowerCase();
    const group = model.subscriptionGroup(sub);
    const chain = group ? model.groupChain(group) : [];
    containers.push({
      id: `/subscriptions/${sub}`,
      name: s.displayName,
      type: 'microsoft.resources/subscriptions',
      tenantId,
      subscriptionId: sub,
      resourceGroup: '',
      properties: {
        state: s.state,
        managementGroupAncestorsChain: chain.map((n) => ({ name: n, displayName: mgNames.get(n) ?? n })),
      },
    });
  }
  for (const r of model.graphResources) {
    const sub = (r.subscriptionId ?? TenantModel.subscriptionOf(r.id) ?? '').toLowerCase();
    const rg = (r.resourceGroup ?? /\/resourcegroups\/([^/]+)/i.exec(r.id)?.[1] ?? '').toLowerCase();
    const key = `/subscriptions/${sub}/resourcegroups/${rg}`;
    if (rg && !groups.has(key) && !declared.has(key)) {
      groups.set(key, {
        id: `/subscriptions/${sub}/resourceGroups/${rg}`,
        name: rg,
        type: 'microsoft.resources/subscriptions/resourcegroups',
        tenantId,
        subscriptionId: sub,
        resourceGroup: rg,
        location: r.location,
        properties: { provisioningState: 'Succeeded' },
      });
    }
  }
  // One at a time: a large tenant has hundreds of thousands of resource groups.
  for (const g of groups.values()) containers.push(g);
  for (const g of model.fixture.managementGroups) {
    containers.push({
      id: `/providers/Microsoft.Management/managementGroups/${g.name}`,
      name: g.name,
      type: 'microsoft.management/managementgroups',
      tenantId,
      subscriptionId: '',
      resourceGroup: '',
      properties: {
        displayName: g.displayName ?? g.name,
        details: {
          parent: g.parent ? { id: `/providers/Microsoft.Management/managementGroups/${g.parent}` } : null,
        },
      },
    });
  }
  for (const c of model.fixture.resourceContainers)
    containers.push({ ...c, type: c.type.toLowerCase(), tenantId });
  return containers;
}

/** The rows of `authorizationresources`: role assignments and role definitions. */
function authorizationRows(model: TenantModel): Json[] {
  const tenantId = model.tenantId;
  const rows: Json[] = [];
  // One at a time: a large tenant has hundreds of thousands of assignments.
  for (const a of model.fixture.roleAssignments)
    rows.push({
      ...a,
      type: 'microsoft.authorization/roleassignments',
      tenantId,
      subscriptionId: TenantModel.subscriptionOf(a.properties.scope) ?? '',
      resourceGroup: /\/resourcegroups\/([^/]+)/i.exec(a.properties.scope)?.[1] ?? '',
    });
  for (const r of model.roles)
    rows.push({
      ...r,
      type: 'microsoft.authorization/roledefinitions',
      tenantId,
      subscriptionId: '',
      resourceGroup: '',
    });
  return rows;
}

// Resource Graph keeps some types in their own table, not in `resources`: Batch pools in
// `batchresources` (learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources).
const BATCH_TYPES = new Set(['microsoft.batch/batchaccounts/pools']);

function sourceRows(model: TenantModel, name: TableName): Json[] {
  switch (name) {
    case 'resources':
      return resourceRows(model).filter((r) => !BATCH_TYPES.has(String(r['type'])));
    case 'batchresources':
      return resourceRows(model).filter((r) => BATCH_TYPES.has(String(r['type'])));
    case 'resourcecontainers':
      return containerRows(model);
    case 'authorizationresources':
      return authorizationRows(model);
  }
}

/**
 * A table's rows that the auditor may see, typed once (a fixture cannot change while the emulator
 * runs), with what scoping a request needs of each row.
 */
interface PreparedTable {
  table: KqlTable;
  /** Per row: its lower-cased subscription id, '' for rows outside any subscription. */
  subscriptions: string[];
  /** Per row: a role assignment's normalised scope; undefined for other rows. */
  assignmentScopes: (string | undefined)[];
}

/**
 * Whether the auditor may see a row: "No results are returned if you don't have at least read
 * permissions to the Azure object or object group" (learn.microsoft.com/azure/governance/resource-graph/overview,
 * "Permissions in Azure Resource Graph"): the row type's read action at the row, or Resource Graph's
 * read at its resource group or above. Decided once per row type and resource group unless the
 * auditor holds a grant below a resource group.
 */
function visibility(model: TenantModel): (row: Json) => boolean {
  const cache = new Map<string, boolean>();
  // Grants below a resource group reach single resources: rows under one are decided one by one.
  const deepGrants = model
    .assignmentsOf(model.fixture.auditor.principalId)
    .map((a) => norm(String(a['properties']['scope'])))
    .filter((s) => /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/./.test(s));
  return (row) => {
    const type = String(row['type']);
    const id = String(row['id']);
    if (type === 'microsoft.authorization/roledefinitions') return true;
    if (type === 'microsoft.authorization/roleassignments') {
      const scope = norm(String(row['properties']?.['scope'] ?? id));
      return model.auditorCan('Microsoft.Authorization/roleAssignments/read', scope);
    }
    if (type === 'microsoft.management/managementgroups')
      return model.auditorCan('Microsoft.Management/managementGroups/read', id);
    const n = norm(id);
    const group = n.replace(/^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+).*$/, '$1');
    const decide = () =>
      model.auditorCan(`${type}/read`, id) ||
      model.auditorCan('Microsoft.ResourceGraph/resources/read', group);
    if (deepGrants.some((g) => n === g || n.startsWith(`${g}/`))) return decide();
    const key = `${type}|${group}`;
    let ok = cache.get(key);
    if (ok === undefined) {
      ok = decide();
      cache.set(key, ok);
    }
    return ok;
  };
}

function prepare(model: TenantModel, name: TableName, visible: (row: Json) => boolean): PreparedTable {
  // Kept in the order of `id`, as every paged query of the auditor asks (`order by id asc`): the
  // sort then finds its rows in order and leaves them (sortRows), instead of sorting up to a
  // million rows per query. Resource Graph promises no order without `order by`, so none is lost.
  const rows = sourceRows(model, name)
    .filter(visible)
    .map((row) => ({ row, id: String(row['id'] ?? '') }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => r.row);
  return {
    table: tableFromObjects(rows, ARG_RESOURCE_COLUMNS),
    subscriptions: rows.map((r) => String(r['subscriptionId'] ?? '').toLowerCase()),
    assignmentScopes: rows.map((r) =>
      r['type'] === 'microsoft.authorization/roleassignments'
        ? norm(String(r['properties']['scope']))
        : undefined,
    ),
  };
}

/** Scoped row sets kept per (table, subscriptions or groups, scope filter); the oldest goes first. */
const MAX_SCOPED_TABLES = 64;

/**
 * Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources`, at an api-version the
 * specification defines (emulator/arm/apiVersions.ts; ARM refuses others before the quota counts).
 */
export function resourceGraphRoutes(model: TenantModel, quota: ArgQuota): Route[] {
  const windows = new Map<string, CallerWindow>();
  const pages = new Map<string, { table: KqlTable; created: number }>();
  const visible = visibility(model);
  const prepared = new Map<TableName, PreparedTable>();
  const preparedTable = (name: TableName): PreparedTable => {
    let p = prepared.get(name);
    if (!p) {
      p = prepare(model, name, visible);
      prepared.set(name, p);
    }
    return p;
  };
  // A fixture cannot change: every table is typed now, once, not during the first query.
  for (const name of TABLE_NAMES) preparedTable(name);
  const scopedTables = new Map<string, KqlTable>();

  /** Whether row `i` of a prepared table lies in the request's scope. */
  const inScope = (
    p: PreparedTable,
    subs: Set<string> | undefined,
    groups: string[] | undefined,
    filter: string,
  ): ((i: number) => boolean) => {
    // Role assignments relative to the targets: indexed once per request, so each assignment is
    // one look-up instead of a walk over every target (was assignments × subscriptions).
    const targets = subs
      ? [...subs].map((s) => `/subscriptions/${s}`)
      : (groups ?? []).map((g) => `/providers/microsoft.management/managementgroups/${g}`);
    const targetSet = new Set(targets);
    const aboveTargets = new Set<string>();
    for (const t of targets) for (const a of model.ancestors(t)) aboveTargets.add(a);
    const groupSet = new Set(groups);
    const subInGroups = new Map<string, boolean>();
    return (i) => {
      const scope = p.assignmentScopes[i];
      if (scope !== undefined) {
        if (targets.length === 0) return true;
        if (filter === 'AtScopeExact') return targetSet.has(scope);
        const above = aboveTargets.has(scope);
        if (filter === 'AtScopeAndAbove') return above;
        let below = false;
        for (const a of model.ancestors(scope)) if (targetSet.has(a)) below = true;
        if (filter === 'AtScopeAboveAndBelow') return above || below;
        return below;
      }
      const sub = p.subscriptions[i]!;
      if (!sub) return !subs && !groups;
      if (subs) return subs.has(sub);
      if (groups) {
        let ok = subInGroups.get(sub);
        if (ok === undefined) {
          const g = model.subscriptionGroup(sub);
          ok = g !== undefined && model.groupChain(g).some((x) => groupSet.has(x));
          subInGroups.set(sub, ok);
        }
        return ok;
      }
      return true;
    };
  };

  /** The table's rows in the request's scope, computed once per scope. */
  const scopedTable = (
    name: TableName,
    subs: Set<string> | undefined,
    groups: string[] | undefined,
    filter: string,
  ): KqlTable => {
    const key = `${name}|${subs ? `s:${[...subs].sort().join(',')}` : groups ? `g:${[...groups].sort().join(',')}` : '*'}|${filter}`;
    let table = scopedTables.get(key);
    if (!table) {
      const p = preparedTable(name);
      const within = inScope(p, subs, groups, filter);
      const rows = p.table.rows.filter((_, i) => within(i));
      table = rows.length === p.table.rows.length ? p.table : { columns: p.table.columns, rows };
      if (scopedTables.size >= MAX_SCOPED_TABLES) scopedTables.delete(scopedTables.keys().next().value!);
      scopedTables.set(key, table);
    }
    return table;
  };

  const handle = (req: EmulatorRequest, caller: JWTPayload | undefined) => {
    const callerId = typeof caller?.['oid'] === 'string' ? caller['oid'] : 'anonymous';
    const now = Date.now();
    let w = windows.get(callerId);
    if (!w || now - w.start >= quota.windowMs) {
      w = { start: now, used: 0 };
      windows.set(callerId, w);
    }
    const resetsAfter = w.start + quota.windowMs - now;
    if (w.used >= quota.requests) {
      const headers: Record<string, string> = {
        'x-ms-user-quota-remaining': '0',
        'x-ms-user-quota-resets-after': hhmmss(resetsAfter),
      };
      if (quota.retryAfter) headers['retry-after'] = String(Math.max(1, Math.ceil(resetsAfter / 1000)));
      return resourceGraphThrottled(headers);
    }
    w.used++;
    const quotaHeaders: Record<string, string> = {
      'x-ms-user-quota-remaining': String(quota.requests - w.used),
      'x-ms-user-quota-resets-after': hhmmss(resetsAfter),
    };

    const body = (req.body ?? {}) as Json;
    if (typeof body['query'] !== 'string' || body['query'].trim() === '') {
      return resourceGraphBadRequest("The request body must carry a 'query' string.", quotaHeaders);
    }
    const options = (body['options'] ?? {}) as Json;
    const top = options['$top'] === undefined ? MAX_TOP : Number(options['$top']);
    const skip = options['$skip'] === undefined ? 0 : Number(options['$skip']);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
      return resourceGraphBadRequest(`options.$top must be between 1 and ${MAX_TOP}.`, quotaHeaders);
    }
    const format = options['resultFormat'] === 'table' ? 'table' : 'objectArray';

    let table: KqlTable;
    let offset = skip;
    let subsCut: Set<string> | undefined;
    const token = options['$skipToken'];
    if (typeof token === 'string') {
      let parsed: { page: string; offset: number } | undefined;
      try {
        parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
          page: string;
          offset: number;
        };
      } catch {
        parsed = undefined;
      }
      const cached = parsed ? pages.get(parsed.page) : undefined;
      if (!parsed || !cached)
        return resourceGraphBadRequest('The $skipToken is invalid or has expired.', quotaHeaders);
      table = cached.table;
      offset = parsed.offset;
    } else {
      const subs = Array.isArray(body['subscriptions'])
        ? new Set((body['subscriptions'] as string[]).map((s) => s.toLowerCase()))
        : undefined;
      const groups = Array.isArray(body['managementGroups'])
        ? (body['managementGroups'] as string[]).map((g) => g.toLowerCase().replace(/^.*\//, ''))
        : undefined;
      const filter = String(options['authorizationScopeFilter'] ?? 'AtScopeAndBelow');
      // A tenant-scope query covers the first subscriptions only, past the limit.
      const limit = quota.tenantSubscriptionLimit ?? TENANT_SUBSCRIPTION_LIMIT;
      if (!subs && !groups) {
        const readable = model.fixture.subscriptions
          .map((x) => x.subscriptionId.toLowerCase())
          .filter((id) => model.auditorCan('Microsoft.Resources/subscriptions/read', `/subscriptions/${id}`));
        if (readable.length > limit) {
          subsCut = new Set(readable.slice(0, limit));
          quotaHeaders['x-ms-tenant-subscription-limit-hit'] = 'true';
        }
      }
      // Only the tables the query names are built: runQuery reads a table when it resolves its name.
      const tables: Record<string, KqlTable> = {};
      for (const name of TABLE_NAMES)
        Object.defineProperty(tables, name, {
          enumerable: true,
          get: () => scopedTable(name, subs ?? subsCut, groups, filter),
        });
      try {
        table = runQuery(body['query'], tables, { now: model.now(), caseInsensitiveTables: true });
      } catch (e) {
        if (e instanceof KqlError) {
          return resourceGraphInvalidQuery(e, quotaHeaders);
        }
        throw e;
      }
    }

    const total = table.rows.length;
    const limited = /\|\s*(take|limit|sample)\b/i.test(String(body['query']));
    const pageable = !limited && table.columns.some((c) => c.name === 'id');
    const slice = table.rows.slice(offset, offset + top);
    const names = table.columns.map((c) => c.name);
    const more = offset + slice.length < total;
    const response: Json = {
      totalRecords: total,
      count: slice.length,
      resultTruncated: more && !pageable ? 'true' : 'false',
      facets: [],
      data:
        format === 'table'
          ? {
              columns: table.columns.map((c) => ({ name: c.name, type: ARG_TYPES[c.type] ?? 'object' })),
              rows: slice.map((r) => r.map(wire)),
            }
          : slice.map((r) => {
              const o: Json = {};
              for (let i = 0; i < names.length; i++) o[names[i]!] = wire(r[i] ?? null);
              return o;
            }),
    };
    if (more && pageable) {
      const page = createHash('sha256')
        .update(`${callerId}|${String(body['query'])}|${now}|${Math.random()}`)
        .digest('hex')
        .slice(0, 16);
      pages.set(page, { table, created: now });
      for (const [k, v] of pages) if (now - v.created > 10 * 60_000) pages.delete(k);
      response['$skipToken'] = Buffer.from(JSON.stringify({ page, offset: offset + slice.length })).toString(
        'base64',
      );
    }
    return json(200, response, quotaHeaders);
  };

  return [
    {
      method: 'POST',
      pattern: /^\/providers\/microsoft\.resourcegraph\/resources$/i,
      api: 'resourceGraph',
      audience: AUDIENCES.arm,
      handle: (req, _m, caller) => apiVersionRefusal(req) ?? handle(req, caller),
    },
  ];
}
