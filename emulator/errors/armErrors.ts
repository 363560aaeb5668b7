import { json, type EmulatorResponse } from '../http.js';

/**
 * Azure Resource Manager's error body, as every ARM resource provider the emulator serves answers
 * it (role assignments and definitions, PIM schedules, diagnostic settings, subscriptions, managed
 * identities, ARM-only resources):
 *
 * `{ "error": { "code", "message", "target"?, "details"?: [ErrorDetail], "additionalInfo"?: [...] } }`
 *
 * Source: Azure/azure-rest-api-specs `specification/common-types/resource-management/v5/types.json`
 * (`ErrorResponse`, `ErrorDetail`), and the recorded body in
 * `test/conformance/corpus/arm/invalid-api-version.jsonc` (code and message only). The emulator
 * sends `details` only where a recorded body carries them; ARM leaves them out for the errors
 * served here.
 */
export interface ArmErrorDetail {
  code: string;
  message: string;
}

/** ARM's error answer: `status` with `{ error: { code, message, details? } }`. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details?: readonly ArmErrorDetail[],
): EmulatorResponse {
  return json(status, { error: { code, message, ...(details ? { details } : {}) } }, headers);
}

/**
 * ARM's 403 for a caller without the action at the scope. The message is ARM's own (Microsoft
 * Learn, "Troubleshoot Azure RBAC", https://learn.microsoft.com/azure/role-based-access-control/troubleshooting).
 */
export function armAuthorizationFailed(principalId: string, action: string, scope: string): EmulatorResponse {
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${principalId}' with object id '${principalId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** Why a bearer token was refused (emulator/identity/tokenIssuer.ts `verify`). */
export type TokenRefusal = 'missing' | 'expired' | 'audience' | 'invalid';

/**
 * ARM's 401 for a refused token, with its `WWW-Authenticate` challenge. The codes are ARM's
 * (`ExpiredAuthenticationToken`, `InvalidAuthenticationTokenAudience`, `InvalidAuthenticationToken`:
 * Microsoft Learn, "Troubleshoot common Azure deployment errors",
 * https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors).
 */
export function armUnauthorized(refusal: TokenRefusal, message: string, tenantId: string): EmulatorResponse {
  const code =
    refusal === 'expired'
      ? 'ExpiredAuthenticationToken'
      : refusal === 'audience'
        ? 'InvalidAuthenticationTokenAudience'
        : 'InvalidAuthenticationToken';
  return armError(401, code, message, bearerChallenge(tenantId, message));
}

/**
 * The `WWW-Authenticate` header sent with a 401 by every family that takes a bearer token: a Bearer
 * challenge (RFC 6750 §3) naming the tenant's authority. Microsoft documents no exact header for
 * these APIs, so the emulator sends only the parameters RFC 6750 defines plus `authorization_uri`.
 */
export function bearerChallenge(tenantId: string, message: string): Record<string, string> {
  return {
    'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${tenantId}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
  };
}

/** A fault the fixture injects into an ARM API, with ARM's usual code for the status. */
export function armFault(status: number, code: string | undefined, message: string): EmulatorResponse {
  const usual =
    status === 403
      ? 'AuthorizationFailed'
      : status === 429
        ? 'RateLimiting'
        : status >= 500
          ? 'InternalServerError'
          : 'BadRequest';
  return armError(status, code ?? usual, message);
}
