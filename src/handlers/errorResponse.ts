import type { HttpResponseInit, InvocationContext } from '@azure/functions';

import { AuditInProgressError, ConfigError, ensureError, InputError, NotFoundError } from '../errors.js';

/**
 * Maps an error to the HTTP answer a caller can act on. Input problems name the field; internal
 * faults are logged in full and answered with the invocation id only, never a stack trace.
 */
export function errorResponse(thrown: unknown, context: InvocationContext): HttpResponseInit {
  const error = ensureError(thrown);
  if (error instanceof InputError) {
    return json(400, { error: { code: 'InvalidInput', field: error.path, message: error.message } });
  }
  if (error instanceof AuditInProgressError) {
    return json(409, {
      error: { code: 'AuditInProgress', runId: error.runningRunId, message: error.message },
    });
  }
  if (error instanceof NotFoundError) {
    return json(404, { error: { code: 'NotFound', message: error.message } });
  }
  context.error(error);
  if (error instanceof ConfigError) {
    return json(500, {
      error: { code: 'InvalidConfiguration', setting: error.setting, message: error.message },
    });
  }
  return json(500, {
    error: {
      code: 'InternalError',
      message: `Internal error; see the logs of invocation ${context.invocationId}.`,
    },
  });
}

/** A JSON response with the given status. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    jsonBody: body,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  };
}
