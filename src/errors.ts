/**
 * The error hierarchy of mi-auditor.
 *
 * Every error we throw on purpose is an {@link AuditorError} and carries what a caller needs to
 * answer it (as Hono's `HTTPException` does): the HTTP `statusCode`, a stable machine-readable
 * `code`, whether its message may be shown to the caller (`expose`: bad input, bad settings, a
 * conflict) or is an internal fault whose details belong in the logs only, and the extra fields of the
 * error body (`details`: the field, the setting, the running run). `errorResponse` in
 * `src/handlers/errorResponse.ts` is the one place that turns them into HTTP answers. Failures of Azure calls are `RestError`s
 * (`@azure/core-rest-pipeline`), which carry Azure's own status and code.
 */
export class AuditorError extends Error {
  /** The HTTP status a handler answers with. */
  readonly statusCode: number = 500;
  /** The `error.code` of the JSON error body. */
  readonly code: string = 'InternalError';
  /** True when the message is safe and useful to show to the caller. */
  readonly expose: boolean = false;
  /** Fields added to the JSON error body beside `code` and `message` (only when `expose`). */
  readonly details: Readonly<Record<string, string>>;

  constructor(message: string, options?: ErrorOptions & { details?: Readonly<Record<string, string>> }) {
    super(message, options);
    this.name = new.target.name;
    this.details = options?.details ?? {};
  }
}

/** An app setting is missing or invalid. `setting` names it, as in the README's settings table. */
export class ConfigError extends AuditorError {
  override readonly code = 'InvalidConfiguration';
  override readonly expose = true;
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Invalid setting ${setting}: ${message}`, { details: { setting } });
  }
}

/**
 * Input from a person or a script (HTTP body, CLI option, fixture, suppression file) is invalid.
 * `path` names the field: a JSON path such as `$.subscriptions[2]` or an option such as `--out`.
 */
export class InputError extends AuditorError {
  override readonly statusCode = 400;
  override readonly code = 'InvalidInput';
  override readonly expose = true;
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`, { details: { field: path } });
  }
}

/**
 * mi-auditor could not establish its own identity (no token, or a token without an `oid` claim), so
 * it can read nothing: the run ends `failed`, this error is its one coverage error, and every check
 * reports `error`. A source that fails *during* collection is not thrown: it becomes a coverage
 * error in the snapshot and the run is `partial`. `upstream` keeps the status and code of the failed
 * call where there was one.
 */
export class CollectorError extends AuditorError {
  override readonly statusCode = 502;
  override readonly code = 'SourceUnavailable';
  constructor(
    readonly source: string,
    readonly scope: string,
    message: string,
    readonly upstream: { readonly statusCode?: number; readonly code?: string } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Reports, history or suppressions could not be read or written. */
export class StorageError extends AuditorError {
  override readonly statusCode = 503;
  override readonly code = 'StorageUnavailable';
}

/** An audit is already running; a second one would race on history. */
export class AuditInProgressError extends AuditorError {
  override readonly statusCode = 409;
  override readonly code = 'AuditInProgress';
  override readonly expose = true;
  constructor(readonly runningRunId: string) {
    super(`An audit is already running (run ${runningRunId}).`, { details: { runId: runningRunId } });
  }
}

/** Something asked for does not exist (a run id, a report). */
export class NotFoundError extends AuditorError {
  override readonly statusCode = 404;
  override readonly code = 'NotFound';
  override readonly expose = true;
}

/**
 * The caller may not use this API: 401 when it brings no valid client principal, 403 when it lacks
 * the app role or when the principal cannot be trusted (src/handlers/apiAuthorization.ts).
 */
export class AccessDeniedError extends AuditorError {
  override readonly expose = true;
  constructor(
    override readonly statusCode: 401 | 403,
    override readonly code: string,
    message: string,
    override readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
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
