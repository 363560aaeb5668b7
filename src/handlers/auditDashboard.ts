import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { NotFoundError } from '../errors.js';
import { outputOf } from '../report/outputs.js';
import { errorResponse } from './errorResponse.js';
import { depsFromSettings } from './handlerDeps.js';

/** `GET /api/audit/dashboard`: the latest dashboard, self-contained HTML. */
export async function auditDashboard(
  _request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  try {
    // Streamed: a large tenant's report.html is bigger than one string can be.
    const body = await depsFromSettings().stores.reports.openLatest(outputOf('html').name);
    if (!body) throw new NotFoundError('No audit has finished yet.');
    return {
      status: 200,
      body,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      },
    };
  } catch (e) {
    return errorResponse(e, context);
  }
}
