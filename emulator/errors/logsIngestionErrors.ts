import { json, type EmulatorResponse } from '../http.js';

/**
 * The Logs Ingestion API's error answer (`POST {endpoint}/dataCollectionRules/{ruleId}/streams/{stream}`):
 * the data-plane common error body with the code repeated in the `x-ms-error-code` header,
 *
 * `{ "error": { "code", "message", "target"?, "details"?, "innererror"? } }`
 *
 * Source: Azure/azure-rest-api-specs
 * `specification/monitor/data-plane/ingestion/stable/2023-01-01/DataCollectionRules.json` (commit
 * de5f0935): the `default` response is `common-types/data-plane/v1/types.json#/definitions/ErrorResponse`
 * with header `x-ms-error-code`; the real bodies in `test/conformance/corpus/logsingestion/`
 * (dcr-not-found-404, forbidden-403) carry code and message only. Microsoft documents no list of
 * codes for this API, so the emulator sends only code and message.
 */
export function logsIngestionError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return json(status, { error: { code, message } }, { ...headers, 'x-ms-error-code': code });
}

/**
 * 400 for an upload that is not a JSON array of records (the spec's body is `type: array`). The
 * code is the emulator's own; Microsoft documents none.
 */
export function logsIngestionInvalidPayload(): EmulatorResponse {
  return logsIngestionError(400, 'InvalidPayload', 'The request body must be a JSON array of records.');
}

/**
 * A fault the fixture injects, with the code the service sends for the status where a real body
 * shows one: 403 `OperationFailed` (corpus logsingestion/forbidden-403, from the SDKs'
 * TROUBLESHOOTING.md), 404 `NotFound` (corpus logsingestion/dcr-not-found-404). Other statuses:
 * `ServiceUnavailable` / `BadRequest`, the emulator's own (Microsoft documents none).
 */
export function logsIngestionFault(
  status: number,
  code: string | undefined,
  message: string,
): EmulatorResponse {
  const usual =
    status === 403
      ? 'OperationFailed'
      : status === 404
        ? 'NotFound'
        : status >= 500
          ? 'ServiceUnavailable'
          : 'BadRequest';
  return logsIngestionError(status, code ?? usual, message);
}
