import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { serveStoredOutput } from './storedOutput.js';

/** `GET /api/audit/report`: the latest findings.json. */
export function auditReport(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return serveStoredOutput(request, context, 'json', {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
}
