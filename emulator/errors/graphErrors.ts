import { randomUUID } from 'node:crypto';

import { json, type EmulatorRequest, type EmulatorResponse } from '../http.js';

/**
 * Microsoft Graph's error body:
 *
 * `{ "error": { "code", "message", "innerError": { "date", "request-id", "client-request-id" } } }`
 *
 * Source: Microsoft Learn, "Microsoft Graph error responses and resource types",
 * https://learn.microsoft.com/graph/errors (the error resource type and its innerError); the same
 * shape in captured answers, e.g. microsoftgraph/msgraph-beta-sdk-python#764 (400 `BadRequest`
 * "Resource not found for the segment 'auditLog'." with date, request-id and client-request-id).
 * `date` is UTC without a zone suffix, as in the captures. Graph echoes the caller's
 * `client-request-id` header; when the caller sends none, `client-request-id` equals `request-id`,
 * as recorded in Azure/azure-cli `role/tests/latest/recordings/test_app_credential.yaml` (corpus
 * graph/authorization-request-denied).
 */
export function graphError(
  status: number,
  code: string,
  message: string,
  req?: Pick<EmulatorRequest, 'headers'>,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const requestId = randomUUID();
  return json(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': req?.headers['client-request-id'] ?? requestId,
        },
      },
    },
    headers,
  );
}

/**
 * 403 for an app-only call whose token lacks every permission the API accepts:
 * `Authorization_RequestDenied` "Insufficient privileges to complete the operation."
 * (https://learn.microsoft.com/graph/errors; recorded verbatim in corpus graph/authorization-request-denied).
 */
export function graphInsufficientPrivileges(req?: Pick<EmulatorRequest, 'headers'>): EmulatorResponse {
  return graphError(
    403,
    'Authorization_RequestDenied',
    'Insufficient privileges to complete the operation.',
    req,
  );
}

/** 400 for a path segment Graph does not know (microsoftgraph/msgraph-beta-sdk-python#764, verbatim form). */
export function graphUnknownSegment(req: Pick<EmulatorRequest, 'headers' | 'path'>): EmulatorResponse {
  const segment = req.path.split('/').filter(Boolean)[1] ?? req.path;
  return graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`, req);
}

/**
 * 401 for a refused token: `InvalidAuthenticationToken`, Graph's code for a missing, expired or
 * malformed token (https://learn.microsoft.com/graph/errors, code table).
 */
export function graphUnauthorized(
  message: string,
  req: Pick<EmulatorRequest, 'headers'>,
  headers: Record<string, string>,
): EmulatorResponse {
  return graphError(401, 'InvalidAuthenticationToken', message, req, headers);
}

/** A fault the fixture injects (`serviceNotAvailable` unless the fault names a code: the error page's code table). */
export function graphFault(
  status: number,
  code: string | undefined,
  message: string,
  req?: Pick<EmulatorRequest, 'headers'>,
): EmulatorResponse {
  return graphError(status, code ?? 'serviceNotAvailable', message, req);
}
