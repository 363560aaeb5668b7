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
      isRestError(e)
        ? { ...(e.statusCode ? { statusCode: e.statusCode } : {}), ...(e.code ? { code: e.code } : {}) }
        : {},
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
