import { logsIngestionInvalidPayload } from '../errors/logsIngestionErrors.js';
import type { Route } from '../http.js';
import { AUDIENCES } from '../identity/tokenIssuer.js';

/** One upload received by the Logs Ingestion endpoint. */
export interface IngestedBatch {
  dcrImmutableId: string;
  stream: string;
  records: unknown[];
}

/**
 * Azure Monitor Logs Ingestion API: `POST /dataCollectionRules/{dcr}/streams/{stream}` with a JSON
 * array of records (api-version 2023-01-01, gzip), answered 204 with no body and the caller's
 * `x-ms-client-request-id` echoed (test/conformance/corpus/logsingestion/upload-204.jsonc, recorded by
 * azure-sdk-for-js). What arrives is kept for tests. A body that is not an array is refused 400
 * (the spec's body is an array; the code is the emulator's own). A user report says the service
 * answers such a body 204 and stores nothing (Azure/azure-sdk-for-python#32562); Microsoft documents
 * neither, so the emulator refuses loudly rather than lose the upload silently.
 * Which DCRs exist and who may write to them is not modelled: the fixture names no DCR, so the 404
 * and 403 answers of the corpus (logsingestion/dcr-not-found-404, forbidden-403) come only from faults.
 */
export function logsIngestionRoutes(ingested: IngestedBatch[]): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/datacollectionrules\/([^/]+)\/streams\/([^/]+)$/i,
      api: 'logsIngestion',
      audience: AUDIENCES.monitor,
      handle: (req, m) => {
        const body = req.body;
        const clientRequestId = req.headers['x-ms-client-request-id'];
        const headers: Record<string, string> =
          typeof clientRequestId === 'string' ? { 'x-ms-client-request-id': clientRequestId } : {};
        if (!Array.isArray(body)) return logsIngestionInvalidPayload();
        ingested.push({
          dcrImmutableId: decodeURIComponent(m[1]!),
          stream: decodeURIComponent(m[2]!),
          records: body,
        });
        return { status: 204, headers };
      },
    },
  ];
}
