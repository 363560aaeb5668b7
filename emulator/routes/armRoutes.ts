import { apiVersionRefusal, diagnosticSettingsHaveCategoryGroups } from '../arm/apiVersions.js';
import { AUDIENCES } from '../identity/tokenIssuer.js';
import { armAuthorizationFailed, armError } from '../errors/armErrors.js';
import { json, type EmulatorRequest, type EmulatorResponse, type Route } from '../http.js';
import { norm, TenantModel, type Json } from '../tenantModel.js';
import type { TenantFixture } from '../fixture/tenantFixture.js';

/** Splits a list into ARM pages: `{ value, nextLink }`, nextLink absolute and carrying api-version. */
function page(req: EmulatorRequest, items: unknown[], pageSize: number): EmulatorResponse {
  const offset = Number(req.query.get('$skipToken') ?? 0) || 0;
  const value = items.slice(offset, offset + pageSize);
  const body: Json = { value };
  if (offset + pageSize < items.length) {
    const next = new URLSearchParams(req.query);
    next.set('$skipToken', String(offset + pageSize));
    body['nextLink'] = `${req.baseUrl}${req.path}?${next.toString()}`;
  }
  return json(200, body);
}

function forbidden(model: TenantModel, action: string, scope: string): EmulatorResponse {
  return armAuthorizationFailed(model.fixture.auditor.principalId, action, scope);
}

/** `$filter` of role assignment and PIM lists: atScope(), principalId eq '..', assignedTo('..'), asTarget(). */
export function parseFilter(filter: string | null): { atScope: boolean; principal?: string } {
  if (!filter) return { atScope: false };
  const atScope = /atScope\(\)/i.test(filter);
  const principal =
    /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1] ?? /assignedTo\('([^']+)'\)/i.exec(filter)?.[1];
  return { atScope, ...(principal ? { principal: principal.toLowerCase() } : {}) };
}

/** Positions of a list's items by their normalised scope, in the list's order: made once per list. */
const scopeIndexes = new WeakMap<Json[], Map<string, number[]>>();

function scopeIndex(items: Json[]): Map<string, number[]> {
  let index = scopeIndexes.get(items);
  if (!index) {
    index = new Map();
    items.forEach((a, i) => {
      const scope = norm(String((a['properties'] as Json)['scope']));
      const list = index!.get(scope);
      if (list) list.push(i);
      else index!.set(scope, [i]);
    });
    scopeIndexes.set(items, index);
  }
  return index;
}

/**
 * Items at, above and (unless atScope) below a scope, optionally for one principal, in the list's
 * order. Through the list's index by scope: at and above are the scope's few ancestors, looked up;
 * below is a pass over the distinct scopes, not every item. A management group's atScope() list
 * (one per group, thousands in a large hierarchy) scanned every assignment of the tenant: 2,000
 * groups over 20,000 assignments cost the emulator 9 s.
 */
function selectByScope(
  model: TenantModel,
  items: Json[],
  scope: string,
  filter: ReturnType<typeof parseFilter>,
): Json[] {
  const s = norm(scope);
  const index = scopeIndex(items);
  const positions: number[] = [];
  const add = (list: readonly number[] | undefined) => {
    for (const i of list ?? []) positions.push(i);
  };
  if (filter.atScope) for (const a of model.ancestors(s)) add(index.get(a));
  else {
    const above = model.ancestorSet(s);
    for (const [itemScope, list] of index)
      if (above.has(itemScope) || model.isWithin(itemScope, s)) add(list);
  }
  positions.sort((x, y) => x - y);
  const selected: Json[] = [];
  for (const i of positions) {
    const a = items[i]!;
    const p = a['properties'] as Json;
    if (!filter.principal || String(p['principalId']).toLowerCase() === filter.principal) selected.push(a);
  }
  return selected;
}

/** Selections {@link scopeSelections} keeps per list: past this many, the oldest is dropped. */
const SELECTIONS_KEPT = 256;

/**
 * {@link selectByScope}, each selection made once per list, scope and filter. A client asks a list's
 * pages one after another with the same scope and filter, and a fixture cannot change, so every page
 * after the first is a slice of the same selection. Selecting anew per page made a subscription
 * holding 15,000 of 300,000 assignments (150 pages of 100) cost 150 passes over all 300,000: 58 s of
 * the emulator's CPU for a 20-subscription tenant. Bounded ({@link SELECTIONS_KEPT} per list), so a
 * long run over thousands of scopes holds only the recent ones.
 */
export function scopeSelections(
  model: TenantModel,
): (items: Json[], scope: string, filter: ReturnType<typeof parseFilter>) => Json[] {
  const kept = new WeakMap<Json[], Map<string, Json[]>>();
  return (items, scope, filter) => {
    let selections = kept.get(items);
    if (!selections) kept.set(items, (selections = new Map()));
    const key = `${norm(scope)}|${filter.atScope}|${filter.principal ?? ''}`;
    let selected = selections.get(key);
    if (!selected) {
      selected = selectByScope(model, items, scope, filter);
      if (selections.size >= SELECTIONS_KEPT) selections.delete(selections.keys().next().value!);
      selections.set(key, selected);
    }
    return selected;
  };
}

/** ARM's api-version gate (emulator/arm/apiVersions.ts names the sources). */
const needApiVersion = apiVersionRefusal;

/** A diagnostic setting as the requested api-version's contract has it. */
function diagnosticSettingFor(setting: Json, apiVersion: string): Json {
  if (diagnosticSettingsHaveCategoryGroups(apiVersion)) return setting;
  const { marketplacePartnerId: _partner, ...properties } = (setting['properties'] ?? {}) as Json;
  const logs = Array.isArray(properties['logs']) ? (properties['logs'] as Json[]) : [];
  return { ...setting, properties: { ...properties, logs: logs.filter((l) => !l['categoryGroup']) } };
}

/**
 * A GET route on an ARM scope: checks api-version and the auditor's permission for `action` at the
 * scope (403 AuthorizationFailed otherwise), then answers.
 */
function scopedRoute(
  model: TenantModel,
  pattern: RegExp,
  api: Route['api'],
  action: string,
  answer: (req: EmulatorRequest, scope: string, match: RegExpExecArray) => EmulatorResponse,
): Route {
  const scopeOf = (m: RegExpExecArray) => (m[1] && m[1] !== '' ? m[1] : '/');
  return {
    method: 'GET',
    pattern,
    api,
    audience: AUDIENCES.arm,
    target: (_r, m) => ({ scope: scopeOf(m) }),
    handle: (req, m) => {
      const scope = scopeOf(m);
      const missing = needApiVersion(req);
      if (missing) return missing;
      if (!model.auditorCan(action, scope)) return forbidden(model, action, scope);
      return answer(req, scope, m);
    },
  };
}

/**
 * A role assignment's PIM schedule instance, as the spec example has it
 * (examples/GetRoleAssignmentScheduleInstancesByScope.json): named as the assignment,
 * `originRoleAssignmentId` its id, `Activated` for an activation of an eligibility, else `Assigned`.
 */
function scheduleInstanceOf(
  assignment: Json,
  activation: TenantFixture['roleAssignmentActivations'][number] | undefined,
): Json {
  const p = assignment['properties'] as Json;
  return {
    id: `${String(p['scope']).replace(/\/+$/, '')}/providers/Microsoft.Authorization/RoleAssignmentScheduleInstances/${String(assignment['name'])}`,
    name: assignment['name'],
    type: 'Microsoft.Authorization/RoleAssignmentScheduleInstances',
    properties: {
      scope: p['scope'],
      roleDefinitionId: p['roleDefinitionId'],
      principalId: p['principalId'],
      principalType: p['principalType'],
      originRoleAssignmentId: assignment['id'],
      assignmentType: activation ? 'Activated' : 'Assigned',
      memberType: 'Direct',
      status: 'Provisioned',
      ...(activation?.linkedRoleEligibilityScheduleId
        ? { linkedRoleEligibilityScheduleId: activation.linkedRoleEligibilityScheduleId }
        : {}),
      ...(activation?.endDateTime ? { endDateTime: activation.endDateTime } : {}),
    },
  };
}

export interface ArmOptions {
  pageSize: number;
}

/** Microsoft.Authorization, subscriptions, management groups and diagnostic settings over ARM. */
export function armRoutes(model: TenantModel, options: ArmOptions): Route[] {
  const arm = AUDIENCES.arm;
  const scopeOf = (m: RegExpExecArray) => (m[1] && m[1] !== '' ? m[1] : '/');
  const fixture = model.fixture;
  const select = scopeSelections(model);
  const activations = new Map(fixture.roleAssignmentActivations.map((a) => [norm(a.roleAssignmentId), a]));
  // A tenant without Microsoft Entra ID P2 or ID Governance: ARM refuses its PIM lists with 400
  // `AadPremiumLicenseRequired`, "The tenant needs an AAD Premium 2 license." (recorded from ARM's
  // PIM schedule lists in AzGovViz's issue 114,
  // https://github.com/JulianHayward/Azure-MG-Sub-Governance-Reporting/issues/114).
  const pimRefusal = () =>
    fixture.pimLicensed
      ? undefined
      : armError(400, 'AadPremiumLicenseRequired', 'The tenant needs an AAD Premium 2 license.');
  // Diagnostic settings by normalised resource id, indexed once (the auditor reads every vault's).
  const settingsByResource = new Map<string, (typeof fixture.diagnosticSettings)[string]>();
  for (const [id, settings] of Object.entries(fixture.diagnosticSettings))
    if (!settingsByResource.has(norm(id))) settingsByResource.set(norm(id), settings);

  const roleDefinitionFor = (role: Json, scope: string): Json => {
    const sub = TenantModel.subscriptionOf(scope);
    const guid = String(role['name']).toLowerCase();
    const builtIn = String(role['properties']?.['type'] ?? '').toLowerCase() !== 'customrole';
    return builtIn && sub
      ? { ...role, id: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}` }
      : role;
  };

  const assignable = (role: Json, scope: string, below: boolean): boolean => {
    const scopes: string[] = role['properties']?.['assignableScopes'] ?? ['/'];
    const above = new Set(model.ancestors(scope));
    return scopes.some((a) => above.has(norm(a)) || (below && model.isWithin(a, scope)));
  };

  // A list of fixture items by their `properties.scope` ({@link scopeSelections}), paged.
  const listByScope = (pattern: RegExp, api: Route['api'], action: string, items: Json[]) =>
    scopedRoute(model, pattern, api, action, (req, scope) =>
      page(req, select(items, scope, parseFilter(req.query.get('$filter'))), options.pageSize),
    );

  return [
    {
      method: 'GET',
      pattern: /^\/subscriptions$/i,
      api: 'subscriptions',
      audience: arm,
      handle: (req) =>
        needApiVersion(req) ??
        page(
          req,
          fixture.subscriptions
            .filter((s) =>
              model.auditorCan(
                'Microsoft.Resources/subscriptions/read',
                `/subscriptions/${s.subscriptionId}`,
              ),
            )
            .map((s) => ({
              id: `/subscriptions/${s.subscriptionId.toLowerCase()}`,
              subscriptionId: s.subscriptionId.toLowerCase(),
              displayName: s.displayName,
              state: s.state,
              tenantId: model.tenantId,
              authorizationSource: 'RoleBased',
              managedByTenants: [],
              subscriptionPolicies: {
                locationPlacementId: 'Public_2014-09-01',
                quotaId: 'PayAsYouGo_2014-09-01',
                spendingLimit: 'Off',
              },
            })),
          options.pageSize,
        ),
    },
    {
      method: 'GET',
      pattern: /^\/providers\/microsoft\.management\/managementgroups$/i,
      api: 'authorization',
      audience: arm,
      handle: (req) =>
        needApiVersion(req) ??
        page(
          req,
          fixture.managementGroups
            .filter((g) =>
              model.auditorCan(
                'Microsoft.Management/managementGroups/read',
                `/providers/Microsoft.Management/managementGroups/${g.name}`,
              ),
            )
            .map((g) => ({
              id: `/providers/Microsoft.Management/managementGroups/${g.name}`,
              type: 'Microsoft.Management/managementGroups',
              name: g.name,
              properties: { tenantId: model.tenantId, displayName: g.displayName ?? g.name },
            })),
          options.pageSize,
        ),
    },
    listByScope(
      /^(.*)\/providers\/microsoft\.authorization\/roleassignments$/i,
      'authorization',
      'Microsoft.Authorization/roleAssignments/read',
      fixture.roleAssignments,
    ),
    // Azure Policy assignments (PolicyAssignments_List, _ListForManagementGroup, 2025-03-01): without
    // a filter, those at, above and below the scope ("including those that apply directly or from
    // management groups that contain the given subscription, as well as any applied to objects
    // contained within the subscription"); with atScope(), at the scope and above. ARM does not
    // document an unfiltered list at a management group; the emulator answers it the same way.
    listByScope(
      /^(.*)\/providers\/microsoft\.authorization\/policyassignments$/i,
      'policy',
      'Microsoft.Authorization/policyAssignments/read',
      fixture.policyAssignments,
    ),
    scopedRoute(
      model,
      /^(.*)\/providers\/microsoft\.authorization\/roledefinitions$/i,
      'authorization',
      'Microsoft.Authorization/roleDefinitions/read',
      (req, scope) => {
        const filter = req.query.get('$filter') ?? '';
        const type = /type\s+eq\s+'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
        const roleName = /roleName\s+eq\s+'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
        const below = /atScopeAndBelow\(\)/i.test(filter);
        const roles = model.roles.filter((r) => {
          const p = r['properties'] as Json;
          if (type && String(p['type']).toLowerCase() !== type) return false;
          if (roleName && String(p['roleName']).toLowerCase() !== roleName) return false;
          return assignable(r, scope, below);
        });
        return page(
          req,
          roles.map((r) => roleDefinitionFor(r, scope)),
          options.pageSize,
        );
      },
    ),
    {
      method: 'GET',
      pattern: /^(.*)\/providers\/microsoft\.authorization\/roledefinitions\/([0-9a-f-]{36})$/i,
      api: 'authorization',
      audience: arm,
      target: (_r, m) => ({ scope: scopeOf(m) }),
      handle: (req, m) => {
        const role = model.role(m[2]!);
        if (!role)
          return armError(
            404,
            'RoleDefinitionDoesNotExist',
            `The specified role definition with ID '${m[2]}' does not exist.`,
          );
        return needApiVersion(req) ?? json(200, roleDefinitionFor(role, scopeOf(m)));
      },
    },
    scopedRoute(
      model,
      /^(.*)\/providers\/microsoft\.authorization\/(roleeligibilityschedules|roleeligibilityscheduleinstances)$/i,
      'authorization',
      'Microsoft.Authorization/roleEligibilitySchedules/read',
      (req, scope, m) => {
        const refused = pimRefusal();
        if (refused) return refused;
        const instances = m[2]!.toLowerCase().endsWith('instances');
        const items = select(
          fixture.roleEligibilitySchedules as Json[],
          scope,
          parseFilter(req.query.get('$filter')),
        ).map((e) =>
          instances
            ? {
                ...e,
                type: 'Microsoft.Authorization/RoleEligibilityScheduleInstances',
                properties: { ...(e['properties'] as Json), roleEligibilityScheduleId: e['id'] },
              }
            : e,
        );
        return page(req, items, options.pageSize);
      },
    ),
    // PIM's role assignment schedule instances (RoleAssignmentScheduleInstances_ListForScope,
    // 2020-10-01; shape: Azure/azure-rest-api-specs Microsoft.Authorization stable/2020-10-01
    // examples/GetRoleAssignmentScheduleInstancesByScope.json): one per role assignment the list
    // selects (scope and filter as the role assignments' list), named as the assignment, with
    // `originRoleAssignmentId` its id and `assignmentType` `Activated` for the fixture's
    // `roleAssignmentActivations`, `Assigned` otherwise.
    scopedRoute(
      model,
      /^(.*)\/providers\/microsoft\.authorization\/roleassignmentscheduleinstances$/i,
      'authorization',
      'Microsoft.Authorization/roleAssignmentScheduleInstances/read',
      (req, scope) => {
        const refused = pimRefusal();
        if (refused) return refused;
        const items = select(fixture.roleAssignments, scope, parseFilter(req.query.get('$filter'))).map((a) =>
          scheduleInstanceOf(a, activations.get(norm(String(a['id'])))),
        );
        return page(req, items, options.pageSize);
      },
    ),
    scopedRoute(
      model,
      /^(.*)\/providers\/microsoft\.insights\/diagnosticsettings$/i,
      'diagnosticSettings',
      'Microsoft.Insights/diagnosticSettings/read',
      (req, resourceId) => {
        if (!model.resourceExists(resourceId)) {
          return armError(404, 'ResourceNotFound', `The Resource '${resourceId}' was not found.`);
        }
        const entry = settingsByResource.get(norm(resourceId)) ?? [];
        // Shape: corpus monitor/diagnostic-settings-list-category-group (id, type, name, properties).
        return json(200, {
          value: entry.map((s) =>
            diagnosticSettingFor(
              {
                id: `${resourceId}/providers/microsoft.insights/diagnosticSettings/${s.name}`,
                type: 'Microsoft.Insights/diagnosticSettings',
                ...s,
              },
              req.query.get('api-version') ?? '',
            ),
          ),
        });
      },
    ),
    ...armOnlyRoutes(model, options),
  ];
}

/**
 * Child collections every existing parent has, empty unless the fixture names some of their items,
 * with their ARM type, by (lower-case) path: an identity's federated credentials, and the children
 * an identity may run as that Resource Graph does not hold (src/collect/attachmentsOutsideResourceGraph.ts
 * lists them).
 */
const EMPTY_BY_DEFAULT_COLLECTIONS: readonly [RegExp, string][] = [
  [
    /\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/]+\/federatedidentitycredentials$/,
    'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials',
  ],
  [
    /\/providers\/microsoft\.machinelearningservices\/workspaces\/[^/]+\/computes$/,
    'Microsoft.MachineLearningServices/workspaces/computes',
  ],
  [
    /\/providers\/microsoft\.devcenter\/projects\/[^/]+\/environmenttypes$/,
    'Microsoft.DevCenter/projects/environmentTypes',
  ],
  [/\/providers\/microsoft\.appplatform\/spring\/[^/]+\/apps$/, 'Microsoft.AppPlatform/Spring/apps'],
  [
    /\/providers\/microsoft\.servicefabric\/clusters\/[^/]+\/applications$/,
    'Microsoft.ServiceFabric/clusters/applications',
  ],
  [
    /\/providers\/microsoft\.servicefabric\/managedclusters\/[^/]+\/applications$/,
    'Microsoft.ServiceFabric/managedClusters/applications',
  ],
];

function emptyByDefaultTypeOf(path: string): string | undefined {
  return EMPTY_BY_DEFAULT_COLLECTIONS.find(([pattern]) => pattern.test(path))?.[1];
}

/**
 * ARM resources that Resource Graph does not hold (fixture `armResources`, and ARM-only types such
 * as federated identity credentials listed under `resources`): GET on the id answers the resource,
 * GET on the parent's collection lists them with nextLink paging, as ARM serves child resources
 * (corpus msi/federated-identity-credentials-list). Read needs `{type}/read` at the resource.
 * Must come after every specific ARM route: it matches any subscription path it knows.
 */
function armOnlyRoutes(model: TenantModel, options: ArmOptions): Route[] {
  const typeOfCollection = (collection: string): string | undefined => {
    const items = model.armOnlyByCollection.get(collection);
    return items ? String(items[0]!['type']) : undefined;
  };
  // A collection every parent has, answered when the fixture names none of its items: those of
  // EMPTY_BY_DEFAULT_COLLECTIONS (empty), and an existing site's basic publishing credentials
  // policies, a slot's too (ftp and scm, as ListPublishingCredentialsPolicies.json and
  // ListPublishingCredentialsPoliciesSlot.json in Azure/azure-rest-api-specs list them; allowed, the
  // setting's value until someone turns it off). A parent that does not exist answers 404, as ARM
  // does.
  const defaultCollection = (path: string): Record<string, unknown>[] | undefined => {
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (emptyByDefaultTypeOf(path) && model.resourceExists(parent)) return [];
    if (
      /\/providers\/microsoft\.web\/sites\/[^/]+(\/slots\/[^/]+)?\/basicpublishingcredentialspolicies$/.test(
        path,
      ) &&
      model.resourceExists(parent)
    )
      return ['ftp', 'scm'].map((name) => ({
        id: `${parent}/basicPublishingCredentialsPolicies/${name}`,
        name,
        type: /\/slots\//.test(path)
          ? 'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies'
          : 'Microsoft.Web/sites/basicPublishingCredentialsPolicies',
        properties: { allow: true },
      }));
    return undefined;
  };
  const known = (path: string) =>
    model.armOnly.has(path) || model.armOnlyByCollection.has(path) || defaultCollection(path) !== undefined;
  return [
    {
      method: 'GET',
      pattern: /^(\/subscriptions\/.+)$/i,
      when: (req) => known(norm(req.path)),
      api: 'armResources',
      audience: AUDIENCES.arm,
      target: (_r, m) => ({ scope: m[1]! }),
      handle: (req, m) => {
        const path = norm(m[1]!);
        const item = model.armOnly.get(path);
        const collectionType = typeOfCollection(path);
        const bad = needApiVersion(req);
        if (bad) return bad;
        const defaults = item || collectionType ? undefined : defaultCollection(path);
        const type =
          String(item?.['type'] ?? collectionType ?? defaults?.[0]?.['type'] ?? '') ||
          (emptyByDefaultTypeOf(path) ?? '');
        const action = `${type}/read`;
        if (!model.auditorCan(action, path)) return forbidden(model, action, m[1]!);
        if (item) return json(200, item);
        return page(req, model.armOnlyByCollection.get(path) ?? defaults ?? [], options.pageSize);
      },
    },
  ];
}
