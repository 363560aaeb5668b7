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
    message: ensureError(thrown).message.split('\n')[0] || 'request failed',
  };
}
