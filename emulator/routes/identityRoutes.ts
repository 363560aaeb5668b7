import {
  tokenIdentityHeaderRefused,
  tokenInvalidRequest,
  tokenMetadataHeaderMissing,
  tokenUnknownResource,
} from '../errors/identityErrors.js';
import { AUDIENCES, type TokenIssuer } from '../identity/tokenIssuer.js';
import { json, type Route } from '../http.js';
import type { TenantModel } from '../tenantModel.js';

const KNOWN_RESOURCES = new Set<string>(Object.values(AUDIENCES));

/**
 * The managed-identity token endpoints: App Service's (`IDENTITY_ENDPOINT` + `X-IDENTITY-HEADER`,
 * api-version 2019-08-01) and the VM IMDS shape (`Metadata: true`). Tokens are issued for the
 * fixture's auditor only; a request for another identity is refused as Azure would.
 */
export function identityRoutes(
  model: TenantModel,
  issuer: TokenIssuer,
  identityHeader: string,
  tokenLifetimeSeconds?: number,
): Route[] {
  const auditor = model.fixture.auditor;
  const claims = {
    tenantId: model.tenantId,
    principalId: auditor.principalId.toLowerCase(),
    clientId: auditor.clientId.toLowerCase(),
    resourceId: auditor.resourceId,
  };

  /** Checks the user-assigned selectors: client_id, object_id/principal_id, mi_res_id/msi_res_id. */
  const selects = (q: URLSearchParams): string | undefined => {
    const clientId = q.get('client_id') ?? q.get('clientid');
    const objectId = q.get('object_id') ?? q.get('principal_id');
    const resId = q.get('mi_res_id') ?? q.get('msi_res_id');
    if (clientId && clientId.toLowerCase() !== claims.clientId)
      return `No managed identity with client id ${clientId} is assigned to this resource.`;
    if (objectId && objectId.toLowerCase() !== claims.principalId)
      return `No managed identity with object id ${objectId} is assigned to this resource.`;
    if (resId && resId.toLowerCase() !== auditor.resourceId.toLowerCase())
      return `No managed identity with resource id ${resId} is assigned to this resource.`;
    if (!clientId && !objectId && !resId && auditor.kind === 'UserAssigned') {
      return 'No system-assigned managed identity is enabled on this resource; specify a user-assigned identity.';
    }
    return undefined;
  };

  const issue = async (resourceParam: string | null, q: URLSearchParams, imds: boolean) => {
    const resource = (resourceParam ?? '').replace(/\/+$/, '').replace(/\/\.default$/, '');
    if (!KNOWN_RESOURCES.has(resource)) {
      return tokenUnknownResource(resource, model.tenantId);
    }
    const problem = selects(q);
    if (problem) return tokenInvalidRequest(problem);
    const { token, expiresOn } = await issuer.issue(claims, resource, tokenLifetimeSeconds);
    const body: Record<string, string> = {
      access_token: token,
      expires_on: String(expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: claims.clientId,
    };
    if (imds)
      Object.assign(body, {
        expires_in: String(expiresOn - Math.floor(Date.now() / 1000)),
        not_before: String(Math.floor(Date.now() / 1000)),
        refresh_token: '',
      });
    return json(200, body);
  };

  return [
    {
      method: 'GET',
      pattern: /^\/msi\/token$/,
      api: 'token',
      // A token fault may target one audience (`scope`: e.g. https://graph.microsoft.com).
      target: (req) => ({ scope: req.query.get('resource') ?? '' }),
      handle: async (req) => {
        if (req.headers['x-identity-header'] !== identityHeader) return tokenIdentityHeaderRefused();
        return issue(req.query.get('resource'), req.query, false);
      },
    },
    {
      method: 'GET',
      pattern: /^\/metadata\/identity\/oauth2\/token\/?$/,
      api: 'token',
      target: (req) => ({ scope: req.query.get('resource') ?? '' }),
      handle: async (req) => {
        if (req.headers['metadata']?.toLowerCase() !== 'true') return tokenMetadataHeaderMissing();
        return issue(req.query.get('resource'), req.query, true);
      },
    },
  ];
}

/** OpenID configuration and signing keys, so that tokens can be verified as Azure AD's are. */
export function openIdRoutes(model: TenantModel, issuer: TokenIssuer): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/([^/]+)\/\.well-known\/openid-configuration$/,
      api: 'token',
      handle: (req) =>
        json(200, {
          issuer: issuer.issuer,
          jwks_uri: `${req.baseUrl}/${model.tenantId}/discovery/keys`,
          token_endpoint: `${req.baseUrl}/${model.tenantId}/oauth2/token`,
          id_token_signing_alg_values_supported: ['RS256'],
          tenant_region_scope: 'EU',
        }),
    },
    {
      method: 'GET',
      pattern: /^\/([^/]+)\/discovery(?:\/v2\.0)?\/keys$/,
      api: 'token',
      handle: () => json(200, issuer.jwks()),
    },
  ];
}
