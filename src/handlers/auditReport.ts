import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { NotFoundError } from '../errors.js';
import { outputOf } from '../report/outputs.js';
import { errorResponse } from './errorResponse.js';
import { depsFromSettings } from './handlerDeps.js';

/** `GET /api/audit/report`: the latest findings.json. */
export async function auditReport(
  _request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  try {
    // Streamed: a large tenant's findings.json is bigger than one string can be.
    const body = await depsFromSettings().stores.reports.openLatest(outputOf('json').name);
    if (!body) throw new NotFoundError('No audit has finished yet.');
    return {
      status: 200,
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    };
  } catch (e) {
    return errorResponse(e, context);
  }
}
