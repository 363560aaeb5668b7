import { graphRefusal } from '../identity/graphPermissions.js';
import { AUDIENCES } from '../identity/tokenIssuer.js';
import { json, type Route } from '../http.js';
import type { Json, TenantModel } from '../tenantModel.js';

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
        const value = (ids as string[])
          .map((id) => byId.get(id.toLowerCase()))
          .filter(
            (p): p is Json =>
              p !== undefined && (!types || types.includes(String(p['@odata.type']).toLowerCase())),
          );
        return json(200, {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects',
          value,
        });
      },
    },
  ];
}
