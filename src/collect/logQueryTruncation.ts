import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** Kusto's code for a result cut at the record or size limit (learn.microsoft.com/kusto/concepts/result-truncation). */
const TRUNCATED = 'E_QUERY_RESULT_SET_TOO_LARGE';

/**
 * Tells which Log Analytics answers were cut at the query API's limits. The reason of a partial
 * failure sits in `error.details[].innererror` of the body, which LogsQueryClient drops (it keeps the
 * top level, "PartialError"), and the client passes no response callback through; so a pipeline
 * policy reads the body, keyed by the `x-ms-client-request-id` the caller chose.
 */
export interface TruncationWitness {
  policy: PipelinePolicy;
  /** Whether the answer to the request with this client request id said E_QUERY_RESULT_SET_TOO_LARGE; forgets it. */
  take(requestId: string): boolean;
}

export function createTruncationWitness(): TruncationWitness {
  const truncated = new Set<string>();
  return {
    policy: {
      name: 'miAuditorLogQueryTruncation',
      async sendRequest(request, next) {
        const response = await next(request);
        const id = request.headers.get('x-ms-client-request-id');
        if (id && response.bodyAsText?.includes(TRUNCATED)) truncated.add(id);
        return response;
      },
    },
    take(requestId) {
      return truncated.delete(requestId);
    },
  };
}
