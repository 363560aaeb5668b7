import { graphRefusal } from '../identity/graphPermissions.js';
import { AUDIENCES } from '../identity/tokenIssuer.js';
import { json, type Route } from '../http.js';
import type { Json, TenantModel } from '../tenantModel.js';

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

/** Microsoft Graph `POST /v1.0/directoryObjects/getByIds`: unknown ids are simply absent, as in Graph. */
export function graphRoutes(model: TenantModel): Route[] {
  const byId = new Map(model.fixture.principals.map((p) => [p.id.toLowerCase(), p as Json]));
  return [
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
          return json(400, {
            error: {
              code: 'Request_BadRequest',
              message: "The request body must carry 'ids', an array of object ids.",
            },
          });
        }
        if (ids.length > 1000) {
          return json(400, {
            error: { code: 'Request_BadRequest', message: 'At most 1000 ids may be requested at once.' },
          });
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
