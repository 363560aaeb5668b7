import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { InputError, NotFoundError } from '../errors.js';
import { RUN_ID_PATTERN } from '../pipeline/runId.js';
import { outputOf } from '../report/outputs.js';
import { errorResponse } from './errorResponse.js';
import { depsFromSettings } from './handlerDeps.js';

/** `GET /api/audit/report`: the latest findings.json. */
export async function auditReport(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  try {
    const runId = request.query.get('runId');
    if (runId !== null && !RUN_ID_PATTERN.test(runId))
      throw new InputError('runId', 'is not a run id such as 20261120T060000Z-1a2b3c');
    const { reports } = depsFromSettings().stores;
    const name = outputOf('json').name;
    // Streamed: a large tenant's output is bigger than one string can be. Without runId: the
    // latest tenant-wide run; with it, any run, scoped and failed ones too.
    const body = runId ? await reports.openRun(runId, name) : await reports.openLatest(name);
    if (!body) throw new NotFoundError(runId ? `No report of run ${runId}.` : 'No audit has finished yet.');
    return {
      status: 200,
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    };
  } catch (e) {
    return errorResponse(e, context);
  }
}
