import type { FaultApi } from '../faults.js';
import type { EmulatorRequest, EmulatorResponse } from '../http.js';
import { armError, armFault, armUnauthorized, bearerChallenge, type TokenRefusal } from './armErrors.js';
import { graphFault, graphUnauthorized, graphUnknownSegment } from './graphErrors.js';
import { tokenFault } from './identityErrors.js';
import {
  logAnalyticsFault,
  logAnalyticsPathNotFound,
  logAnalyticsUnauthorized,
} from './logAnalyticsErrors.js';
import { logsIngestionError, logsIngestionFault } from './logsIngestionErrors.js';
import { resourceGraphFault } from './resourceGraphErrors.js';

/**
 * Which error family answers for each API the emulator serves (the routes' `api`): the server
 * answers a refused token, an injected fault and an unknown path in the family's own body. Resource
 * Graph's 401 is ARM's: Resource Graph sits behind ARM's front door, which checks the token.
 */
export type ErrorFamily = 'arm' | 'resourceGraph' | 'logAnalytics' | 'graph' | 'token' | 'logsIngestion';

export const ERROR_FAMILY: Readonly<Record<FaultApi, ErrorFamily>> = {
  token: 'token',
  resourceGraph: 'resourceGraph',
  authorization: 'arm',
  diagnosticSettings: 'arm',
  subscriptions: 'arm',
  armResources: 'arm',
  policy: 'arm',
  logAnalytics: 'logAnalytics',
  graph: 'graph',
  logsIngestion: 'logsIngestion',
};

/** The 401 an API sends for a token it refuses, in its family's body, with the Bearer challenge. */
export function unauthorizedFor(
  api: FaultApi,
  refusal: TokenRefusal,
  message: string,
  tenantId: string,
  req: EmulatorRequest,
): EmulatorResponse {
  const challenge = bearerChallenge(tenantId, message);
  switch (ERROR_FAMILY[api]) {
    case 'logAnalytics':
      return logAnalyticsUnauthorized(message, challenge);
    case 'graph':
      return graphUnauthorized(message, req, challenge);
    case 'logsIngestion':
      // The spec names no 401 code of its own: the common error body with ARM's token code.
      return logsIngestionError(401, 'InvalidAuthenticationToken', message, challenge);
    default:
      return armUnauthorized(refusal, message, tenantId);
  }
}

/** The answer to a fault the fixture injects, in the family's body (`Injected fault: <status>` unless it says more). */
export function faultFor(
  api: FaultApi,
  status: number,
  code: string | undefined,
  message: string | undefined,
  req: EmulatorRequest,
): EmulatorResponse {
  const text = message ?? `Injected fault: ${status}`;
  switch (ERROR_FAMILY[api]) {
    case 'token':
      return tokenFault(status, code, text);
    case 'resourceGraph':
      return resourceGraphFault(status, code, text);
    case 'logAnalytics':
      return logAnalyticsFault(status, code, text);
    case 'graph':
      return graphFault(status, code, text, req);
    case 'logsIngestion':
      return logsIngestionFault(status, code, text);
    default:
      return armFault(status, code, text);
  }
}

/**
 * The answer to a path no route serves, by the family its prefix belongs to: Log Analytics
 * (`/v1/…`, `/workspaces/…`), Microsoft Graph (`/v1.0/…`, `/beta/…`), else ARM (whose 404 for an
 * unknown path the emulator words itself: ARM documents none).
 */
export function notFoundFor(req: EmulatorRequest): EmulatorResponse {
  if (/^\/(v1|workspaces)(\/|$)/i.test(req.path)) return logAnalyticsPathNotFound(req.path);
  if (/^\/(v1\.0|beta)(\/|$)/i.test(req.path)) return graphUnknownSegment(req);
  return armError(404, 'NotFound', `The emulator does not serve ${req.method} ${req.path}.`);
}
