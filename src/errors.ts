/**
 * The error hierarchy of mi-auditor.
 *
 * Every error we throw on purpose is an {@link AuditorError}. `userFacing` tells a handler whether the
 * message is safe and useful to show to the caller (bad input, bad settings) or is an internal fault
 * whose details belong in the logs only.
 */
export class AuditorError extends Error {
  readonly userFacing: boolean = false;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An app setting is missing or invalid. `setting` names it, as in the README's settings table. */
export class ConfigError extends AuditorError {
  override readonly userFacing = true;
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Invalid setting ${setting}: ${message}`);
  }
}

/**
 * Input from a person or a script (HTTP body, CLI option, fixture, suppression file) is invalid.
 * `path` names the field: a JSON path such as `$.subscriptions[2]` or an option such as `--out`.
 */
export class InputError extends AuditorError {
  override readonly userFacing = true;
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * A data source could not be read. The pipeline turns it into a coverage error and marks the checks
 * that needed the source as `error`; the audit goes on as `partial`.
 */
export class CollectorError extends AuditorError {
  constructor(
    readonly source: string,
    readonly scope: string,
    message: string,
    readonly statusCode?: number,
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Reports, history or suppressions could not be read or written. */
export class StorageError extends AuditorError {}

/** An audit is already running; a second one would race on history. Maps to HTTP 409. */
export class AuditInProgressError extends AuditorError {
  override readonly userFacing = true;
  constructor(readonly runningRunId: string) {
    super(`An audit is already running (run ${runningRunId}).`);
  }
}

/** Something asked for does not exist (a run id, a report). Maps to HTTP 404. */
export class NotFoundError extends AuditorError {
  override readonly userFacing = true;
}

/** Turns anything thrown into an Error, so that callers can rely on `.message`. */
export function ensureError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  try {
    return new Error(JSON.stringify(thrown));
  } catch {
    return new Error(String(thrown));
  }
}
