import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { serveStoredOutput } from './storedOutput.js';

/** `GET /api/audit/dashboard`: the latest dashboard, self-contained HTML. */
export function auditDashboard(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return serveStoredOutput(request, context, 'html', {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  });
}
