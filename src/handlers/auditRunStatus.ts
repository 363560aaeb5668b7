import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { InputError, NotFoundError } from '../errors.js';
import { RUN_ID_PATTERN } from '../pipeline/runId.js';
import { errorResponse, json } from './errorResponse.js';
import { depsFromSettings } from './handlerDeps.js';

/** `GET /api/audit/runs/{id}`: the status of a run, with its summary once finished. */
export async function auditRunStatus(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  try {
    const id = request.params['id'] ?? '';
    if (!RUN_ID_PATTERN.test(id))
      throw new InputError('id', 'is not a run id such as 20261120T060000Z-1a2b3c');
    const run = await depsFromSettings().stores.runs.get(id);
    if (!run) throw new NotFoundError(`No audit run ${id}.`);
    return json(200, run);
  } catch (e) {
    return errorResponse(e, context);
  }
}
