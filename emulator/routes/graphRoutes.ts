import { graphError } from '../errors/graphErrors.js';
import { graphRefusal } from '../identity/graphPermissions.js';
import { AUDIENCES } from '../identity/tokenIssuer.js';
import { json, type EmulatorRequest, type EmulatorResponse, type Route } from '../http.js';
import type { Json, TenantModel } from '../tenantModel.js';

/**
 * `$filter` on a list, as far as mi-auditor uses it: `appId eq '…'`, `appId in ('…', …)`, and the same
 * on `id` (Microsoft Graph v1.0, "Use the $filter query parameter",
 * https://learn.microsoft.com/graph/filter-query-parameter; application "List",
 * https://learn.microsoft.com/graph/api/application-list). Anything else is refused as Graph refuses
 * an unsupported query (400 Request_UnsupportedQuery), so the client cannot rely on more.
 */
function parseListFilter(filter: string | null): { key: string; values: Set<string> } | undefined | 'bad' {
  if (!filter) return undefined;
  const eq = /^\s*(appId|id)\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (eq)
    return { key: eq[1]!.toLowerCase() === 'id' ? 'id' : 'appId', values: new Set([eq[2]!.toLowerCase()]) };
  const inList = /^\s*(appId|id)\s+in\s+\(([^)]*)\)\s*$/i.exec(filter);
  if (inList) {
    const values = [...inList[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!.toLowerCase());
    return { key: inList[1]!.toLowerCase() === 'id' ? 'id' : 'appId', values: new Set(values) };
  }
  return 'bad';
}

/**
 * `$select`: Graph returns only the properties named (https://learn.microsoft.com/graph/query-parameters#select);
 * without it, the default set, which for applications and service principals includes
 * passwordCredentials and keyCredentials but not the federatedIdentityCredentials navigation property.
 */
function project(raw: Json, select: string | null): Json {
  const item = withGraphCredentials(raw);
  if (!select) {
    const { federatedIdentityCredentials: _fic, ...rest } = item;
    return rest;
  }
  const out: Json = {};
  for (const key of select.split(',').map((k) => k.trim())) if (key in item) out[key] = item[key];
  return out;
}

/**
 * Credentials in Graph's own shape, every property present (null when the fixture leaves it out):
 * passwordCredential as recorded live by Azure CLI (test/conformance/corpus/graph/
 * applications-list-password-credentials.jsonc: customKeyIdentifier, displayName, endDateTime, hint,
 * keyId, secretText null when listed, startDateTime); keyCredential as the resource documents it
 * (https://learn.microsoft.com/graph/api/resources/keycredential: customKeyIdentifier, displayName,
 * endDateTime, key, keyId, startDateTime, type, usage; key is null unless asked for, and the
 * fixture holds none).
 */
const PASSWORD_CREDENTIAL = [
  'customKeyIdentifier',
  'displayName',
  'endDateTime',
  'hint',
  'keyId',
  'secretText',
  'startDateTime',
];
const KEY_CREDENTIAL = [
  'customKeyIdentifier',
  'displayName',
  'endDateTime',
  'key',
  'keyId',
  'startDateTime',
  'type',
  'usage',
];
const credentialShape = (keys: string[], c: Json): Json =>
  Object.fromEntries(keys.map((k) => [k, c[k] ?? null]));
function withGraphCredentials(item: Json): Json {
  // Both lists are in the default set of applications and service principals, [] when there are none.
  const list = (v: unknown) => (Array.isArray(v) ? (v as Json[]) : []);
  return {
    ...item,
    passwordCredentials: list(item['passwordCredentials']).map((c) =>
      credentialShape(PASSWORD_CREDENTIAL, c),
    ),
    keyCredentials: list(item['keyCredentials']).map((c) => credentialShape(KEY_CREDENTIAL, c)),
  };
}

/**
 * A Graph collection page: `$top` (1..999, default 100), then `@odata.nextLink` carrying an opaque
 * `$skiptoken` (https://learn.microsoft.com/graph/paging). The link repeats the query.
 */
function graphPage(req: EmulatorRequest, context: string, items: Json[]): EmulatorResponse {
  const topText = req.query.get('$top');
  const top = topText === null ? 100 : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    return graphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${topText}'. Must be between 1 and 999 inclusive.`,
      req,
    );
  }
  const skip = Number(req.query.get('$skiptoken') ?? 0) || 0;
  const body: Json = {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${context}`,
    value: items.slice(skip, skip + top),
  };
  if (skip + top < items.length) {
    const next = new URLSearchParams(req.query);
    next.set('$skiptoken', String(skip + top));
    // `$` stays literal, as in Graph's own links ("…/users?$top=5&$skiptoken=X%27…",
    // https://learn.microsoft.com/graph/paging; corpus graph/list-next-link).
    body['@odata.nextLink'] = `${req.baseUrl}${req.path}?${next.toString().replace(/%24/g, '$')}`;
  }
  return json(200, body);
}

/**
 * The default properties v1.0 returns for users from getByIds: Microsoft Graph known issue
 * "Incomplete objects when using getByIds request" (learn.microsoft.com/graph/known-issues; corpus
 * graph/getbyids-default-user-properties): no userType unless `$select` names it.
 */
const DEFAULT_USER_PROPERTIES = [
  'id',
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];

/**
 * A directory object as getByIds answers it: with `$select`, the named properties (and id and
 * @odata.type); without, users trimmed to the default set. Other types keep what the fixture gives:
 * Microsoft documents no trimming for them.
 */
function shapeDirectoryObject(p: Json, select: string[]): Json {
  const user = String(p['@odata.type']).toLowerCase() === '#microsoft.graph.user';
  const keep = select.length ? ['id', ...select] : user ? DEFAULT_USER_PROPERTIES : undefined;
  if (!keep) return p;
  const out: Json = { '@odata.type': p['@odata.type'] };
  for (const k of keep) if (k in p) out[k] = p[k];
  return out;
}

/** A principal's direct groups, from the fixture's `memberOf` (lower-case ids). */
const memberOf = (p: Json): string[] =>
  Array.isArray(p['memberOf']) ? (p['memberOf'] as unknown[]).map((g) => String(g).toLowerCase()) : [];

/** Microsoft Graph `POST /v1.0/directoryObjects/getByIds`: unknown ids are simply absent, as in Graph. */
export function graphRoutes(model: TenantModel): Route[] {
  const byId = new Map(model.fixture.principals.map((p) => [p.id.toLowerCase(), p as Json]));
  const applications = model.fixture.applications as Json[];
  const servicePrincipals = (model.fixture.principals as Json[]).filter(
    (p) => String(p['@odata.type']).toLowerCase() === '#microsoft.graph.serviceprincipal',
  );
  const list = (collection: 'applications' | 'servicePrincipals', items: Json[]): Route => ({
    method: 'GET',
    pattern: new RegExp(`^/v1\\.0/${collection}$`, 'i'),
    api: 'graph',
    audience: AUDIENCES.graph,
    handle: (req) => {
      // List applications / servicePrincipals, application permissions: Application.Read.All,
      // or the higher Application.ReadWrite.All and Directory.Read.All (Microsoft Graph v1.0 docs).
      const refused = graphRefusal(model, [
        'Application.Read.All',
        'Application.ReadWrite.All',
        'Directory.Read.All',
      ]);
      if (refused) return refused;
      const filter = parseListFilter(req.query.get('$filter'));
      if (filter === 'bad') {
        return graphError(
          400,
          'Request_UnsupportedQuery',
          `Unsupported or invalid query filter clause specified for property of resource '${collection}'.`,
          req,
        );
      }
      const selected = filter
        ? items.filter((i) => filter.values.has(String(i[filter.key]).toLowerCase()))
        : items;
      return graphPage(
        req,
        collection,
        selected.map((i) => project(i, req.query.get('$select'))),
      );
    },
  });
  return [
    list('applications', applications),
    list('servicePrincipals', servicePrincipals),
    {
      // https://learn.microsoft.com/graph/api/serviceprincipal-list-transitivememberof: the groups
      // (and directory roles) a service principal is a member of, nested ones included. Least
      // privileged application permission Application.Read.All. The fixture gives each principal's
      // direct groups as `memberOf` (docs/tenant-fixture.md); a group's own `memberOf` nests it.
      method: 'GET',
      pattern: /^\/v1\.0\/servicePrincipals\/([0-9a-f-]{36})\/transitiveMemberOf$/i,
      api: 'graph',
      audience: AUDIENCES.graph,
      handle: (req, m) => {
        const refused = graphRefusal(model, [
          'Application.Read.All',
          'Application.ReadWrite.All',
          'Directory.Read.All',
        ]);
        if (refused) return refused;
        const sp = byId.get(m[1]!.toLowerCase());
        if (!sp || String(sp['@odata.type']).toLowerCase() !== '#microsoft.graph.serviceprincipal')
          return graphError(
            404,
            'Request_ResourceNotFound',
            `Resource '${m[1]}' does not exist or one of its queried reference-property objects are not present.`,
            req,
          );
        const seen = new Set<string>();
        const pending = [...memberOf(sp)];
        while (pending.length) {
          const id = pending.pop()!;
          if (seen.has(id)) continue;
          seen.add(id);
          const group = byId.get(id);
          if (group) for (const parent of memberOf(group)) pending.push(parent);
        }
        const groups = [...seen].flatMap((id) => {
          const g = byId.get(id);
          // Each member of a directoryObject collection names its type, $select or not.
          return g ? [{ '@odata.type': g['@odata.type'], ...project(g, req.query.get('$select')) }] : [];
        });
        return graphPage(req, 'directoryObjects', groups);
      },
    },
    {
      // https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials
      method: 'GET',
      pattern: /^\/v1\.0\/applications\/([0-9a-f-]{36})\/federatedIdentityCredentials$/i,
      api: 'graph',
      audience: AUDIENCES.graph,
      handle: (req, m) => {
        // List federatedIdentityCredentials: Application.Read.All or Application.ReadWrite.All, not Directory.Read.All.
        const refused = graphRefusal(model, ['Application.Read.All', 'Application.ReadWrite.All']);
        if (refused) return refused;
        const app = applications.find((a) => String(a['id']).toLowerCase() === m[1]!.toLowerCase());
        if (!app) {
          return graphError(
            404,
            'Request_ResourceNotFound',
            `Resource '${m[1]}' does not exist or one of its queried reference-property objects are not present.`,
            req,
          );
        }
        return graphPage(
          req,
          `applications('${String(app['id'])}')/federatedIdentityCredentials`,
          ((app['federatedIdentityCredentials'] ?? []) as Json[]).map((f) => ({
            id: String(f['id'] ?? f['name']),
            description: null,
            ...f,
          })),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\.0\/directoryobjects\/getbyids$/i,
      api: 'graph',
      audience: AUDIENCES.graph,
      handle: (req) => {
        const refused = graphRefusal(model, ['Directory.Read.All']);
        if (refused) return refused;
        const body = (req.body ?? {}) as Json;
        const ids = body['ids'];
        if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) {
          return graphError(
            400,
            'Request_BadRequest',
            "The request body must carry 'ids', an array of object ids.",
            req,
          );
        }
        if (ids.length > 1000) {
          return graphError(400, 'Request_BadRequest', 'At most 1000 ids may be requested at once.', req);
        }
        const types = Array.isArray(body['types'])
          ? (body['types'] as string[]).map((t) => `#microsoft.graph.${t.toLowerCase()}`)
          : undefined;
        const select = (req.query.get('$select') ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const value = (ids as string[])
          .map((id) => byId.get(id.toLowerCase()))
          .filter(
            (p): p is Json =>
              p !== undefined && (!types || types.includes(String(p['@odata.type']).toLowerCase())),
          )
          .map((p) => shapeDirectoryObject(p, select));
        return json(200, {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects',
          value,
        });
      },
    },
  ];
}
