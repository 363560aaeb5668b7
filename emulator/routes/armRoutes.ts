import { AUDIENCES } from '../identity/tokenIssuer.js';
import { armError, json, type EmulatorRequest, type EmulatorResponse, type Route } from '../http.js';
import { norm, TenantModel, type Json } from '../tenantModel.js';

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
  const oid = model.fixture.auditor.principalId;
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${oid}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** `$filter` of role assignment and PIM lists: atScope(), principalId eq '..', assignedTo('..'), asTarget(). */
function parseFilter(filter: string | null): { atScope: boolean; principal?: string } {
  if (!filter) return { atScope: false };
  const atScope = /atScope\(\)/i.test(filter);
  const principal =
    /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1] ?? /assignedTo\('([^']+)'\)/i.exec(filter)?.[1];
  return { atScope, ...(principal ? { principal: principal.toLowerCase() } : {}) };
}

/** Items at, above and (unless atScope) below a scope, optionally for one principal. */
function selectByScope(
  model: TenantModel,
  items: Json[],
  scope: string,
  filter: ReturnType<typeof parseFilter>,
): Json[] {
  const s = norm(scope);
  const above = new Set(model.ancestors(s));
  return items.filter((a) => {
    const p = a['properties'] as Json;
    if (filter.principal && String(p['principalId']).toLowerCase() !== filter.principal) return false;
    const itemScope = norm(String(p['scope']));
    if (above.has(itemScope)) return true;
    return !filter.atScope && model.isWithin(itemScope, s);
  });
}

function needApiVersion(req: EmulatorRequest): EmulatorResponse | undefined {
  if (!req.query.get('api-version')) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  return undefined;
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

export interface ArmOptions {
  pageSize: number;
}

/** Microsoft.Authorization, subscriptions, management groups and diagnostic settings over ARM. */
export function armRoutes(model: TenantModel, options: ArmOptions): Route[] {
  const arm = AUDIENCES.arm;
  const scopeOf = (m: RegExpExecArray) => (m[1] && m[1] !== '' ? m[1] : '/');
  const fixture = model.fixture;

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
    scopedRoute(
      model,
      /^(.*)\/providers\/microsoft\.authorization\/roleassignments$/i,
      'authorization',
      'Microsoft.Authorization/roleAssignments/read',
      (req, scope) =>
        page(
          req,
          selectByScope(model, fixture.roleAssignments, scope, parseFilter(req.query.get('$filter'))),
          options.pageSize,
        ),
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
        const instances = m[2]!.toLowerCase().endsWith('instances');
        const items = selectByScope(
          model,
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
    scopedRoute(
      model,
      /^(.*)\/providers\/microsoft\.insights\/diagnosticsettings$/i,
      'diagnosticSettings',
      'Microsoft.Insights/diagnosticSettings/read',
      (_req, resourceId) => {
        const exists = fixture.resources.some((r) => norm(r.id) === norm(resourceId));
        if (!exists) {
          return armError(404, 'ResourceNotFound', `The Resource '${resourceId}' was not found.`);
        }
        const entry =
          Object.entries(fixture.diagnosticSettings).find(([k]) => norm(k) === norm(resourceId))?.[1] ?? [];
        return json(200, {
          value: entry.map((s) => ({
            id: `${resourceId}/providers/microsoft.insights/diagnosticSettings/${s.name}`,
            type: 'Microsoft.Insights/diagnosticSettings',
            ...s,
          })),
        });
      },
    ),
  ];
}
