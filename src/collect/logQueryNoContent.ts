import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Log Analytics answers a query on a workspace that holds no data at all with 204 No Content and no
 * body ("No data in workspace", https://learn.microsoft.com/azure/azure-monitor/logs/api/errors;
 * test/conformance/corpus/loganalytics/no-data-204.jsonc). LogsQueryClient reads a body regardless
 * and throws a TypeError, which would make a new, empty workspace an error of every log-content
 * check. This policy gives the client what the answer means: a successful result with no table.
 */
export const logQueryNoContentPolicy: PipelinePolicy = {
  name: 'miAuditorLogQueryNoContent',
  async sendRequest(request, next) {
    const response = await next(request);
    if (response.status !== 204) return response;
    return { ...response, status: 200, bodyAsText: '{"tables":[]}' };
  },
};
