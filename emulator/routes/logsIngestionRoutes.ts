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
 * array of records (api-version 2023-01-01), answered 204 as Azure does. What arrives is kept for tests.
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
        if (!Array.isArray(body)) return logsIngestionInvalidPayload();
        ingested.push({
          dcrImmutableId: decodeURIComponent(m[1]!),
          stream: decodeURIComponent(m[2]!),
          records: body,
        });
        return { status: 204 };
      },
    },
  ];
}
