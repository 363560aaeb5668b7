import { graphInsufficientPrivileges } from '../errors/graphErrors.js';
import type { EmulatorResponse } from '../http.js';
import type { TenantModel } from '../tenantModel.js';

/** What a fixture grants when it says nothing: what the deploy guide grants (README "Deploy"). */
const DEFAULT_GRAPH_PERMISSIONS = ['Directory.Read.All', 'Application.Read.All'];

/**
 * Microsoft Graph refuses an app-only call whose token lacks every permission the API lists, with
 * 403 `Authorization_RequestDenied` "Insufficient privileges to complete the operation." (Microsoft
 * Graph error responses, https://learn.microsoft.com/graph/errors; the permissions each API accepts
 * are listed on its reference page, e.g. directoryobject-getbyids: Directory.Read.All;
 * application-list: Application.Read.All or Directory.Read.All). Returns that answer, or undefined
 * when one of `anyOf` is granted.
 */
export function graphRefusal(model: TenantModel, anyOf: readonly string[]): EmulatorResponse | undefined {
  const granted = (model.fixture.auditor.graphPermissions ?? DEFAULT_GRAPH_PERMISSIONS).map((p) =>
    p.toLowerCase(),
  );
  if (anyOf.some((p) => granted.includes(p.toLowerCase()))) return undefined;
  return graphInsufficientPrivileges();
}
