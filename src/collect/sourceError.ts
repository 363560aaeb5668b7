import { isRestError } from '@azure/core-rest-pipeline';

import { CollectorError, ensureError } from '../errors.js';
import type { SourceError, SourceName } from './snapshot.js';

/**
 * Turns a failed call into a coverage error: which source, which scope, and Azure's own status and
 * code. Only errors that carry them say them: a `RestError` (every Azure SDK client and our own
 * HTTP calls throw one) or a {@link CollectorError}; anything else keeps its message alone.
 */
export function toSourceError(source: SourceName, scope: string, thrown: unknown): SourceError {
  const upstream = isRestError(thrown)
    ? { statusCode: thrown.statusCode, code: thrown.code }
    : thrown instanceof CollectorError
      ? thrown.upstream
      : {};
  return {
    source,
    scope,
    ...(upstream.statusCode !== undefined ? { statusCode: upstream.statusCode } : {}),
    ...(upstream.code ? { code: upstream.code } : {}),
    message: withDetails(ensureError(thrown).message.split('\n')[0] || 'request failed', thrown),
  };
}

/**
 * Azure's reasons in the error body's `details`, put before its message. Resource Graph's message is
 * only "Please provide below info when asking for support: timestamp = …, correlationId = …" and the
 * reason (the throttling, the invalid query) is in `details` (spec `resourcegraph.json` `ErrorResponse`;
 * bodies captured in Azure/azure-cli-extensions#3325 and Azure/azure-powershell#13762).
 */
function withDetails(message: string, thrown: unknown): string {
  if (!isRestError(thrown)) return message;
  // The clients' deserializer keeps the parsed body as `details`; a hand-made RestError may only
  // have the response's text.
  let body: unknown = thrown.details;
  if (body === undefined && thrown.response?.bodyAsText) {
    try {
      body = JSON.parse(thrown.response.bodyAsText);
    } catch {
      return message;
    }
  }
  const details = (body as { error?: { details?: unknown } } | null)?.error?.details;
  if (!Array.isArray(details)) return message;
  const reasons = details
    .map((d) => (d as { message?: unknown } | null)?.message)
    .filter((m): m is string => typeof m === 'string' && m.length > 0 && !message.includes(m));
  return reasons.length ? `${reasons.join('; ')} (${message})` : message;
}
