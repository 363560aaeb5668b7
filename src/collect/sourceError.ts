import { isRestError } from '@azure/core-rest-pipeline';

import type { SourceError, SourceName } from './snapshot.js';

/** Turns a failed call into a coverage error: which source, which scope, and Azure's own code. */
export function toSourceError(source: SourceName, scope: string, thrown: unknown): SourceError {
  if (isRestError(thrown)) {
    return {
      source,
      scope,
      ...(thrown.statusCode !== undefined ? { statusCode: thrown.statusCode } : {}),
      ...(thrown.code ? { code: thrown.code } : {}),
      message: thrown.message.split('\n')[0] ?? 'request failed',
    };
  }
  const statusCode = (thrown as { statusCode?: unknown } | null)?.statusCode;
  return {
    source,
    scope,
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    message: thrown instanceof Error ? thrown.message : String(thrown),
  };
}
