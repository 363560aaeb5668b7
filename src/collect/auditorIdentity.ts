import type { TokenCredential } from '@azure/core-auth';
import { isRestError } from '@azure/core-rest-pipeline';
import { decodeJwt } from 'jose';

import { CollectorError, ensureError } from '../errors.js';
import type { AuditorIdentity } from './snapshot.js';

/**
 * Who mi-auditor runs as, read from its own ARM token's claims (`oid`, `appid`, `xms_mirid`, `tid`),
 * so the self-check needs no setting that could drift from the real identity.
 */
export async function auditorIdentity(
  credential: TokenCredential,
): Promise<AuditorIdentity & { tenantId: string }> {
  let token;
  try {
    token = await credential.getToken('https://management.azure.com/.default');
  } catch (e) {
    throw new CollectorError(
      'token',
      'tenant',
      `mi-auditor could not get a token for its identity: ${ensureError(e).message}`,
      tokenEndpointAnswer(e),
      { cause: e },
    );
  }
  if (!token)
    throw new CollectorError('token', 'tenant', 'mi-auditor could not get a token for its identity');
  const claims = decodeJwt(token.token);
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const principalId = text(claims['oid']);
  if (!principalId)
    throw new CollectorError('token', 'tenant', "the token of mi-auditor's identity carries no oid claim");
  const appId = text(claims['appid']) ?? text(claims['azp']);
  const resourceId = text(claims['xms_mirid']);
  return {
    principalId: principalId.toLowerCase(),
    tenantId: (text(claims['tid']) ?? '').toLowerCase(),
    ...(appId ? { appId: appId.toLowerCase() } : {}),
    ...(resourceId ? { resourceId } : {}),
  };
}

/**
 * The identity endpoint's status and OAuth error code (`invalid_request`, ...) from what the
 * credential threw: a RestError, an @azure/identity AuthenticationError (`statusCode`,
 * `errorResponse.error`), or a CredentialUnavailableError whose cause is MSAL's ServerError
 * (`status`, `errorCode`), as ManagedIdentityCredential throws since it calls MSAL.
 */
function tokenEndpointAnswer(thrown: unknown): { statusCode?: number; code?: string } {
  if (isRestError(thrown))
    return {
      ...(thrown.statusCode ? { statusCode: thrown.statusCode } : {}),
      ...(thrown.code ? { code: thrown.code } : {}),
    };
  for (let e: unknown = thrown, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const o = e as {
      statusCode?: unknown;
      status?: unknown;
      errorCode?: unknown;
      errorResponse?: { error?: unknown };
      cause?: unknown;
    };
    const status = typeof o.statusCode === 'number' ? o.statusCode : o.status;
    const code = typeof o.errorCode === 'string' ? o.errorCode : o.errorResponse?.error;
    if (typeof status === 'number' && status >= 400)
      return { statusCode: status, ...(typeof code === 'string' && code ? { code } : {}) };
    e = o.cause;
  }
  return {};
}
