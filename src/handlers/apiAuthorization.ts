import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

/** An HTTP handler as mi-auditor writes them: always async, always a plain response. */
type Handler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

import { loadConfig } from '../config.js';
import { AccessDeniedError } from '../errors.js';
import { errorResponse } from './errorResponse.js';

/**
 * The app roles of the HTTP API. They are declared on the Entra app registration that protects the
 * API (README "Deploy"); App Service Authentication puts the caller's roles into
 * `x-ms-client-principal`.
 */
export const API_ROLES = {
  /** Start an audit on demand (`POST /api/audit/runs`). */
  run: 'Audit.Run',
  /** Read reports, run status, the dashboard and the health probe. */
  read: 'Reports.Read',
} as const;

export type ApiRole = (typeof API_ROLES)[keyof typeof API_ROLES];

/**
 * The decoded `x-ms-client-principal` header. Shape per Microsoft Learn, "Work with user identities
 * in Azure App Service authentication" (Decode the client principal header):
 * `{ auth_typ, claims: [{ typ, val }], name_typ, role_typ }`.
 */
export interface ClientPrincipal {
  authType: string;
  name: string | undefined;
  roles: string[];
}

/** Claim types that carry app roles: the header's own `role_typ`, and the two Entra spellings. */
const ROLE_CLAIM_TYPES = ['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];

/** Decodes the header; `undefined` when it is not base64 JSON of the documented shape. */
export function decodeClientPrincipal(header: string): ClientPrincipal | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const p = parsed as Record<string, unknown>;
  if (!Array.isArray(p['claims'])) return undefined;
  const claims: { typ: string; val: string }[] = [];
  for (const c of p['claims'] as unknown[]) {
    if (!c || typeof c !== 'object') return undefined;
    const { typ, val } = c as Record<string, unknown>;
    if (typeof typ !== 'string' || typeof val !== 'string') return undefined;
    claims.push({ typ, val });
  }
  const roleType = typeof p['role_typ'] === 'string' ? p['role_typ'] : undefined;
  const nameType = typeof p['name_typ'] === 'string' ? p['name_typ'] : undefined;
  const isRole = (typ: string) => typ === roleType || ROLE_CLAIM_TYPES.includes(typ);
  return {
    authType: typeof p['auth_typ'] === 'string' ? p['auth_typ'] : '',
    name: nameType ? claims.find((c) => c.typ === nameType)?.val : undefined,
    roles: claims.filter((c) => isRole(c.typ)).map((c) => c.val),
  };
}

/**
 * Whether App Service Authentication runs in front of the app. The platform sets
 * `WEBSITE_AUTH_ENABLED=True` when it is on (the variable Microsoft.Identity.Web's
 * `AppServicesAuthenticationInformation` reads); only then does it strip `x-ms-*` headers sent by
 * clients, so only then can `x-ms-client-principal` be trusted ("External requests aren't allowed to
 * set these headers, so they're present only if App Service sets them", Microsoft Learn, same page).
 */
export function platformAuthenticationOn(env: Record<string, string | undefined>): boolean {
  return (env['WEBSITE_AUTH_ENABLED'] ?? '').trim().toLowerCase() === 'true';
}

/**
 * Throws {@link AccessDeniedError} unless the request may call an API that needs `role`. With `API_AUTH=keys` the function
 * key (checked by the Functions host) is the only gate. With `API_AUTH=entra`, the caller must also
 * come through App Service Authentication with the app role; when the platform's authentication is
 * off the header could be forged, so every request is refused rather than trusted.
 */
export function authorizeApiRequest(
  request: HttpRequest,
  role: ApiRole,
  mode: 'keys' | 'entra',
  env: Record<string, string | undefined>,
): void {
  if (mode === 'keys') return;
  if (!platformAuthenticationOn(env)) {
    throw new AccessDeniedError(
      403,
      'PlatformAuthenticationOff',
      'API_AUTH is entra but App Service Authentication is not enabled on this app, so x-ms-client-principal cannot be trusted. Enable authentication (README "Deploy") or set API_AUTH=keys.',
    );
  }
  const header = request.headers.get('x-ms-client-principal');
  if (!header) {
    throw new AccessDeniedError(
      401,
      'Unauthenticated',
      'Sign in through Microsoft Entra ID to call this API.',
    );
  }
  const principal = decodeClientPrincipal(header);
  if (!principal) {
    throw new AccessDeniedError(
      401,
      'InvalidClientPrincipal',
      'x-ms-client-principal is not a valid client principal.',
    );
  }
  if (!principal.roles.includes(role)) {
    throw new AccessDeniedError(
      403,
      'MissingAppRole',
      `The caller does not hold the app role ${role} of this API.`,
      {
        role,
      },
    );
  }
}

/**
 * Wraps an HTTP handler so that it runs only for callers allowed `role` (see
 * {@link authorizeApiRequest}). Settings are read per invocation, like every handler does.
 */
export function requireAppRole(role: ApiRole, handler: Handler): Handler {
  return async (request: HttpRequest, context: InvocationContext) => {
    try {
      authorizeApiRequest(request, role, loadConfig().apiAuth, process.env);
    } catch (e) {
      if (e instanceof AccessDeniedError) {
        context.warn(`refused ${request.method} ${new URL(request.url).pathname}: ${e.statusCode} ${e.code}`);
      }
      return errorResponse(e, context);
    }
    return handler(request, context);
  };
}
