import { AUDIENCES } from '../identity/tokenIssuer.js';
import { armError, json, type EmulatorResponse, type Route } from '../http.js';
import { norm, type Json, type TenantModel } from '../tenantModel.js';

/**
 * The fixture's `armResources` (docs: tenant-fixture format, "Additions"): ARM child resources that
 * Resource Graph does not hold, served as ARM serves them:
 * - `GET {id}?api-version=` answers the resource, or 404 `ResourceNotFound` under an existing parent;
 * - `GET {parentId}/{childType}?api-version=` answers `{ value: [...] }`, empty when the fixture has none.
 *   Example of the shape: Azure/azure-rest-api-specs
 *   specification/web/resource-manager/Microsoft.Web/stable/2023-12-01/examples/ListPublishingCredentialsPolicies.json.
 * A parent that exists nowhere answers 404 `ResourceNotFound`, a missing api-version 400
 * `MissingApiVersionParameter`, a caller without read there 403 `AuthorizationFailed` (ARM's codes,
 * as in the other ARM routes). Registered after the other ARM routes so that it never shadows them.
 */
export function armResourceRoutes(model: TenantModel): Route[] {
  const byId = new Map<string, Json>();
  const byCollection = new Map<string, Json[]>();
  for (const r of model.fixture.armResources as Json[]) {
    const id = norm(String(r['id']));
    byId.set(id, r);
    const collection = id.slice(0, id.lastIndexOf('/'));
    const list = byCollection.get(collection) ?? [];
    list.push(r);
    byCollection.set(collection, list);
  }
  const known = new Set<string>([
    ...model.fixture.resources.map((r) => norm(r.id)),
    ...model.fixture.armResources.map((r) => norm(r.id)),
  ]);

  return [
    {
      method: 'GET',
      // A resource id with at least one child segment after the top-level type and name.
      pattern: /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+)(\/.+)$/i,
      api: 'armResources',
      audience: AUDIENCES.arm,
      target: (_req, m) => ({ scope: m[1] ?? '' }),
      handle: (req, m): EmulatorResponse => {
        if (!req.query.get('api-version')) {
          return armError(
            400,
            'MissingApiVersionParameter',
            'The api-version query parameter (?api-version=) is required for all requests.',
          );
        }
        const path = norm(req.path);
        const segments = path.split('/providers/').pop()!.split('/');
        // namespace, then type/name pairs: an even count of the rest is a resource, odd a collection.
        const isCollection = (segments.length - 1) % 2 === 1;
        const parent = isCollection
          ? path.slice(0, path.lastIndexOf('/'))
          : path.split('/').slice(0, -2).join('/');
        const types = segments.slice(1).filter((_, i) => i % 2 === 0);
        const action = `${segments[0]}/${types.join('/')}/read`;
        if (!model.auditorCan(action, m[1] ?? path)) {
          const oid = model.fixture.auditor.principalId;
          return armError(
            403,
            'AuthorizationFailed',
            `The client '${oid}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${req.path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
          );
        }
        if (!known.has(parent)) {
          return armError(404, 'ResourceNotFound', `The Resource '${parent}' was not found.`);
        }
        if (isCollection) return json(200, { value: byCollection.get(path) ?? [] });
        const item = byId.get(path);
        return item
          ? json(200, item)
          : armError(404, 'ResourceNotFound', `The Resource '${req.path}' was not found.`);
      },
    },
  ];
}
