import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** Kusto's code for a result cut at the record or size limit (learn.microsoft.com/kusto/concepts/result-truncation). */
const TRUNCATED = 'E_QUERY_RESULT_SET_TOO_LARGE';

/** The top-level code of a 200 answer whose `error` says it is partial (Log Analytics "partial errors"). */
const PARTIAL = '"PartialError"';

/**
 * The inner errors of a partial answer's details. Each is a flat object (code, message, severity,
 * severityName: Azure/azure-sdk-for-python#25137); a quote inside a row's string value is escaped, so
 * `"innererror"` followed by `{` is never a row's content.
 */
const INNER_ERROR = /"innererror"\s*:\s*(\{[^{}]*\})/g;

/**
 * A warning that an operand of `union isfuzzy=true` names a table the workspace lacks: "If at least
 * one such table was found, any resolution failure yields a warning in the query status results"
 * (Kusto, union operator), which Log Analytics answers as a partial error although nothing was lost
 * ("The Union operator started throwing warning for missing tables, even if we use isFuzzy",
 * microsoft/Application-Insights-Workbooks#810). The table's name is captured.
 */
const MISSING_TABLE = /Failed to resolve table[^']*'([A-Za-z0-9_]+)'/;

/**
 * Tells what a Log Analytics answer's partial error said: whether the result was cut at the query
 * API's limits, and whether it said nothing but that some tables do not exist. The reason of a
 * partial failure sits in `error.details[].innererror` of the body, which LogsQueryClient drops (it
 * keeps the top level, "PartialError"), and the client passes no response callback through; so a
 * pipeline policy reads the body, keyed by the `x-ms-client-request-id` the caller chose.
 */
export interface PartialErrorWitness {
  policy: PipelinePolicy;
  /** Whether the answer to the request with this client request id said E_QUERY_RESULT_SET_TOO_LARGE; forgets it. */
  take(requestId: string): boolean;
  /**
   * The tables the answer's warnings say could not be resolved, when its partial error is made of
   * such warnings only (a fuzzy union over a table the workspace lacks); undefined when it said
   * anything else or nothing. Forgets it.
   */
  takeMissingTables(requestId: string): string[] | undefined;
}

export function createPartialErrorWitness(): PartialErrorWitness {
  const truncated = new Set<string>();
  const missingTables = new Map<string, string[]>();
  return {
    policy: {
      name: 'miAuditorLogQueryTruncation',
      async sendRequest(request, next) {
        const response = await next(request);
        const id = request.headers.get('x-ms-client-request-id');
        const body = response.bodyAsText;
        if (id && body?.includes(TRUNCATED)) truncated.add(id);
        if (id && body?.includes(PARTIAL)) {
          const tables = onlyMissingTables(body);
          if (tables) missingTables.set(id, tables);
        }
        return response;
      },
    },
    take(requestId) {
      return truncated.delete(requestId);
    },
    takeMissingTables(requestId) {
      const tables = missingTables.get(requestId);
      missingTables.delete(requestId);
      return tables;
    },
  };
}

/** The missing tables a partial answer's inner errors name, when every one is such a warning. */
function onlyMissingTables(body: string): string[] | undefined {
  const tables: string[] = [];
  for (const match of body.matchAll(INNER_ERROR)) {
    let inner: { severityName?: unknown; message?: unknown };
    try {
      inner = JSON.parse(match[1]!) as typeof inner;
    } catch {
      return undefined;
    }
    const table =
      inner.severityName === 'Warning' && typeof inner.message === 'string'
        ? MISSING_TABLE.exec(inner.message)?.[1]
        : undefined;
    if (!table) return undefined;
    tables.push(table);
  }
  return tables.length ? tables : undefined;
}
