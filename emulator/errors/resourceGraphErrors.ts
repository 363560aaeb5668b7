import { randomUUID } from 'node:crypto';

import type { KqlError } from '../kql/kqlError.js';
import { json, type EmulatorResponse } from '../http.js';

/**
 * Azure Resource Graph's error body: ARM's, with `details` always present.
 *
 * `{ "error": { "code", "message", "details": [{ "code", "message", ...additionalProperties }] } }`
 *
 * Sources: Azure/azure-rest-api-specs
 * `specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/resourcegraph.json`
 * (`ErrorResponse`, `Error`, `ErrorDetails` with additionalProperties); the captured bodies in
 * Azure/azure-cli-extensions#3325 (429 `RateLimiting`) and Azure/azure-powershell#13762 (400
 * `BadRequest` with `InvalidQuery` details): the top-level message is always "Please provide below
 * info when asking for support: timestamp = …, correlationId = …", and the reason is in `details`.
 */
export interface ResourceGraphErrorDetail {
  code: string;
  message: string;
  [more: string]: unknown;
}

/** Resource Graph's error answer: the support-info message, the reasons in `details`. */
export function resourceGraphError(
  status: number,
  code: string,
  details: readonly ResourceGraphErrorDetail[],
  headers: Record<string, string> = {},
): EmulatorResponse {
  return json(
    status,
    {
      error: {
        code,
        message: `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${randomUUID()}.`,
        details,
      },
    },
    headers,
  );
}

/** 429 when the caller's quota window is spent (Azure/azure-cli-extensions#3325, verbatim detail). */
export function resourceGraphThrottled(headers: Record<string, string>): EmulatorResponse {
  return resourceGraphError(
    429,
    'RateLimiting',
    [
      {
        code: 'RateLimiting',
        message:
          'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.',
      },
    ],
    headers,
  );
}

/**
 * 400 for a query Resource Graph cannot run: `InvalidQuery` first (Azure/azure-powershell#13762,
 * verbatim), then the parser's or the emulator's own reason. `ParserFailure` for syntax is in the
 * captures of scautomation/AzureResourceGraph-Examples#2; `UnsupportedQuery` for KQL the emulator
 * does not implement is the emulator's own code (Microsoft documents no list of detail codes).
 */
export function resourceGraphInvalidQuery(e: KqlError, headers: Record<string, string>): EmulatorResponse {
  return resourceGraphError(
    400,
    'BadRequest',
    [
      {
        code: 'InvalidQuery',
        message:
          'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.',
      },
      {
        code:
          e.kind === 'syntax'
            ? 'ParserFailure'
            : e.kind === 'unsupported'
              ? 'UnsupportedQuery'
              : 'InvalidQuery',
        message: e.message,
        ...(e.position !== undefined ? { characterPositionInLine: e.position } : {}),
      },
    ],
    headers,
  );
}

/**
 * 400 for a request Resource Graph refuses before running it (no query, a bad `$top`, a stale
 * `$skipToken`). Microsoft documents neither the codes nor the texts of these; the emulator answers
 * in the documented shape with `BadRequest` and its own reason in one detail.
 */
export function resourceGraphBadRequest(message: string, headers: Record<string, string>): EmulatorResponse {
  return resourceGraphError(400, 'BadRequest', [{ code: 'BadRequest', message }], headers);
}

/** A fault the fixture injects: the usual code for the status, the fault's text in the detail. */
export function resourceGraphFault(
  status: number,
  code: string | undefined,
  message: string,
): EmulatorResponse {
  const usual =
    status === 429
      ? 'RateLimiting'
      : status === 403
        ? 'AuthorizationFailed'
        : status >= 500
          ? 'InternalServerError'
          : 'BadRequest';
  return resourceGraphError(status, code ?? usual, [{ code: code ?? usual, message }]);
}
