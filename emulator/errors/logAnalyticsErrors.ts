import { randomUUID } from 'node:crypto';

import type { KqlError } from '../kql/kqlError.js';
import { json, type EmulatorResponse } from '../http.js';

/**
 * The Log Analytics query API's error body (api.loganalytics.io / api.loganalytics.azure.com):
 *
 * `{ "error": { "message", "code", "correlationId", "innererror"?: { "code", "message", "innererror"?: … } } }`
 *
 * Sources: Azure/azure-rest-api-specs
 * `specification/operationalinsights/data-plane/Microsoft.OperationalInsights/stable/2022-10-27/OperationalInsights.json`
 * (`errorResponse` → `errorInfo` with `details`, `innererror`); the recorded bodies in
 * `test/conformance/corpus/loganalytics/` (syntax-error, unknown-table-sem0100, gateway-timeout,
 * from Azure/azure-sdk-for-js monitor-query recordings); the 403 text from Azure/azure-sdk-for-net#37173.
 * Key order is the recorded one: message, code, correlationId.
 */
export interface LogAnalyticsInnerError {
  code: string;
  message: string;
  [more: string]: unknown;
}

/** The Log Analytics error answer. */
export function logAnalyticsError(
  status: number,
  code: string,
  message: string,
  innererror?: LogAnalyticsInnerError,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return json(
    status,
    { error: { message, code, correlationId: randomUUID(), ...(innererror ? { innererror } : {}) } },
    headers,
  );
}

/** 403 for a caller without read access to the workspace or table (Azure/azure-sdk-for-net#37173, verbatim). */
export function logAnalyticsForbidden(): EmulatorResponse {
  return logAnalyticsError(
    403,
    'InsufficientAccessError',
    'The provided credentials have insufficient access to perform the requested operation',
  );
}

/**
 * 400 for a query that does not parse or resolve: BadArgumentError → SyntaxError/SYN0002 or
 * SemanticError/SEM0100, as recorded (corpus loganalytics/syntax-error and
 * loganalytics/unknown-table-sem0100). SEM0100 is the recorded code for an unresolved table or
 * column; Microsoft documents no other semantic code, so the rest answer SEM0001.
 */
export function logAnalyticsQueryError(e: KqlError): EmulatorResponse {
  const syntax = e.kind === 'syntax';
  const code = syntax
    ? 'SYN0002'
    : e.kind === 'unsupported' || /Failed to resolve table or column/.test(e.message)
      ? 'SEM0100'
      : 'SEM0001';
  return logAnalyticsError(400, 'BadArgumentError', 'The request had some invalid properties', {
    code: syntax ? 'SyntaxError' : 'SemanticError',
    message: syntax ? 'A recognition error occurred in the query.' : 'A semantic error occurred.',
    innererror: { code, message: e.message, ...(e.position !== undefined ? { pos: e.position } : {}) },
  });
}

/**
 * The `error` member of a 200 answer whose tables are partial (Log Analytics "partial errors"):
 * `PartialError` with one `EngineError` detail carrying Kusto's native error (shape captured in
 * Azure/azure-sdk-for-python#25137). A cut result is
 * E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003 = -2133196797, severity Error; anything else is answered
 * as the warning captured in Azure/azure-sdk-for-python#25137 (-2133196790, severity Warning).
 */
export function logAnalyticsPartialError(
  message: string | undefined,
  resultCut: boolean,
  warnings: readonly string[] = [],
): Record<string, unknown> {
  const detail = (innererror: Record<string, unknown>) => ({
    code: 'EngineError',
    message: 'Something went wrong processing your query on the server.',
    innererror,
  });
  const warning = (m: string) =>
    detail({ code: '-2133196790', message: m, severity: 3, severityName: 'Warning' });
  return {
    code: 'PartialError',
    message: 'There were some errors when processing your query.',
    details: [
      ...(message === undefined
        ? []
        : [
            resultCut
              ? detail({ code: '-2133196797', message, severity: 2, severityName: 'Error' })
              : warning(message),
          ]),
      // A fuzzy union's operand that could not be resolved (a table the workspace lacks): Kusto
      // answers with a warning, and Log Analytics carries it as a partial error (Workbooks had to
      // work around "The Union operator started throwing warning for missing tables, even if we use
      // isFuzzy", microsoft/Application-Insights-Workbooks#810).
      ...warnings.map(warning),
    ],
  };
}

/** 404 for a path the query API does not serve (`PathNotFoundError`, the API's code for an unknown route). */
export function logAnalyticsPathNotFound(path: string): EmulatorResponse {
  return logAnalyticsError(404, 'PathNotFoundError', `The requested path ${path} does not exist`);
}

/**
 * 401 for a refused token. `InvalidTokenError` is the API's code for a token it cannot accept;
 * Microsoft documents no body for it, so the emulator sends the message only.
 */
export function logAnalyticsUnauthorized(message: string, headers: Record<string, string>): EmulatorResponse {
  return logAnalyticsError(401, 'InvalidTokenError', message, undefined, headers);
}

/** A fault the fixture injects (`ServiceError` unless the fault names a code). */
export function logAnalyticsFault(
  status: number,
  code: string | undefined,
  message: string,
): EmulatorResponse {
  return logAnalyticsError(status, code ?? 'ServiceError', message);
}
