import type { HttpResponseInit, InvocationContext } from '@azure/functions';

import { AuditorError, ensureError } from '../errors.js';

/**
 * The one mapping from an error to the HTTP answer a caller can act on, for every handler. An
 * {@link AuditorError} carries its status and code; one that may be shown (`expose`) answers with its
 * message and details (the field, the setting, the running run). Anything else, and every 5xx, is
 * logged in full and answered with the invocation id only, never a stack trace.
 */
export function errorResponse(thrown: unknown, context: InvocationContext): HttpResponseInit {
  const error = ensureError(thrown);
  const known = error instanceof AuditorError ? error : undefined;
  const status = known?.statusCode ?? 500;
  if (status >= 500) context.error(error);
  if (known?.expose) {
    return json(status, { error: { code: known.code, ...known.details, message: known.message } });
  }
  return json(status, {
    error: {
      code: known?.code ?? 'InternalError',
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
