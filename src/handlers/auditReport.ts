import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { loadConfig } from '../config.js';
import { errorResponse, json } from './errorResponse.js';

/** HTTP handler; answers 501 until the audit pipeline is built. */
export async function auditReport(
  _request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  try {
    loadConfig();
    return await Promise.resolve(
      json(501, { error: { code: 'NotImplemented', message: 'The audit pipeline is not built yet.' } }),
    );
  } catch (e) {
    return errorResponse(e, context);
  }
}
