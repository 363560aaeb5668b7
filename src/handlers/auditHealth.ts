import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { loadConfig } from '../config.js';
import { doctorFromConfig } from '../doctor/doctorFromConfig.js';
import { errorResponse, json } from './errorResponse.js';

/**
 * `GET /api/audit/health`: the doctor, run by the deployed app as its own identity. 200 when every
 * source an audit reads is readable; 503 with the table of what is missing otherwise, so a probe or
 * a person sees the gap before the first report comes back partial.
 */
export async function auditHealth(
  _request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  try {
    const report = await doctorFromConfig(loadConfig());
    return json(report.ok ? 200 : 503, report, { 'cache-control': 'no-store' });
  } catch (e) {
    return errorResponse(e, context);
  }
}
