import type { SourceError } from '../../collect/snapshot.js';

/** One line per unreadable scope, for a check's `errors`. */
export function describeSourceErrors(errors: readonly SourceError[]): string[] {
  return errors.map(
    (e) =>
      `${e.source} could not be read at ${e.scope}${e.statusCode ? ` (${e.statusCode}${e.code ? ` ${e.code}` : ''})` : ''}: ${e.message}`,
  );
}
