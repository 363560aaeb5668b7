import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { InputError, NotFoundError } from '../errors.js';
import { RUN_ID_PATTERN } from '../pipeline/runId.js';
import { outputOf, type OutputFormat } from '../report/outputs.js';
import { errorResponse } from './errorResponse.js';
import { depsFromSettings } from './handlerDeps.js';

/**
 * Serves one stored output of a run (`GET /api/audit/report`, `/api/audit/dashboard`): without
 * `?runId=` the latest tenant-wide run's, with it any run's, scoped and failed ones too. Streamed:
 * a large tenant's output is bigger than one string can be. 400 for a malformed run id, 404 when
 * there is no such output.
 */
export async function serveStoredOutput(
  request: HttpRequest,
  context: InvocationContext,
  format: OutputFormat,
  headers: Record<string, string>,
): Promise<HttpResponseInit> {
  try {
    const runId = request.query.get('runId');
    if (runId !== null && !RUN_ID_PATTERN.test(runId))
      throw new InputError('runId', 'is not a run id such as 20261120T060000Z-1a2b3c');
    const { reports } = depsFromSettings().stores;
    const name = outputOf(format).name;
    const body = runId ? await reports.openRun(runId, name) : await reports.openLatest(name);
    if (!body) throw new NotFoundError(runId ? `No report of run ${runId}.` : 'No audit has finished yet.');
    return { status: 200, body, headers };
  } catch (e) {
    return errorResponse(e, context);
  }
}
