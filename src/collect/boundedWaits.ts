import { setMaxListeners } from 'node:events';

import {
  isRestError,
  RestError,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

/**
 * The longest Retry-After mi-auditor honours. Azure asks for seconds to a minute when it throttles
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling);
 * a longer ask (an outage, or `Retry-After: 86400`) would stall the whole audit, so that source is
 * reported unread instead.
 */
export const RETRY_AFTER_CAP_MS = 60_000;

/** A single request's limit when the client sets none (core-rest-pipeline's default is no limit). */
export const REQUEST_TIMEOUT_MS = 120_000;

/**
 * The base of the SDK's exponential backoff for 5xx, 408 and network errors (then 2x, 4x, with
 * jitter). Tests that drive many outages through the whole pipeline pass a shorter one.
 */
export const RETRY_DELAY_MS = 800;

/** The code of the error raised when Azure asks to wait longer than {@link RETRY_AFTER_CAP_MS}. */
export const RETRY_AFTER_TOO_LONG = 'RetryAfterTooLong';
/** The code of the error raised when the run's collection budget is spent. */
export const RUN_BUDGET_EXCEEDED = 'RunBudgetExceeded';

/**
 * The time one audit may spend reading Azure. Every request of the run is tied to its signal, so
 * a request in flight, a retry delay and a throttling wait all end when it expires; what was not
 * read by then becomes a coverage error.
 */
export interface RunBudget {
  signal: AbortSignal;
  /** For messages, such as `PT8M`. */
  text: string;
}

/** A budget that ends `ms` from now. */
export function startRunBudget(ms: number, text: string): RunBudget {
  const signal = AbortSignal.timeout(ms);
  // Every request in flight listens to it (Resource Graph pages, per-subscription ARM calls, Graph):
  // many at once is expected, not a leak.
  setMaxListeners(0, signal);
  return { signal, text };
}

/**
 * The error of a wait that the run budget ended (a quota wait, a backoff): the same code as a
 * request the budget cut, so the source is reported unread with `RunBudgetExceeded`.
 */
export function budgetSpent(budget: RunBudget, while_: string): RestError {
  return new RestError(
    `The audit's collection budget (${budget.text}) was spent ${while_}; the source is reported unread.`,
    { code: RUN_BUDGET_EXCEEDED },
  );
}

function budgetError(budget: RunBudget, request: PipelineRequest): RestError {
  return new RestError(
    `The audit's collection budget (${budget.text}) was spent before this request finished; the source is reported unread.`,
    { code: RUN_BUDGET_EXCEEDED, request },
  );
}

/**
 * Per call: a request timeout when none is set, and the run budget's signal joined to the
 * request's own, so that the retry policy's waits (which honour `request.abortSignal`) end with it.
 */
function budgetPolicy(budget: RunBudget | undefined, timeoutMs: number): PipelinePolicy {
  return {
    name: 'miAuditorBudget',
    async sendRequest(request, next) {
      if (!request.timeout) request.timeout = timeoutMs;
      if (!budget) return next(request);
      if (budget.signal.aborted) throw budgetError(budget, request);
      // One controller per call, linked to the budget and the caller's signal and unlinked after,
      // so that listeners on the run-long budget signal do not pile up.
      const own = request.abortSignal;
      const controller = new AbortController();
      const abort = () => controller.abort();
      if (own?.aborted) controller.abort();
      own?.addEventListener('abort', abort);
      budget.signal.addEventListener('abort', abort);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (e) {
        if (budget.signal.aborted && !(isRestError(e) && e.code === RETRY_AFTER_TOO_LONG))
          throw budgetError(budget, request);
        throw e;
      } finally {
        own?.removeEventListener('abort', abort);
        budget.signal.removeEventListener('abort', abort);
      }
    },
  };
}

/** Milliseconds a throttling answer asks for, by the headers core-rest-pipeline honours. */
export function retryAfterMs(response: PipelineResponse, now = Date.now()): number | undefined {
  for (const [name, factor] of [
    ['retry-after-ms', 1],
    ['x-ms-retry-after-ms', 1],
    ['retry-after', 1000],
  ] as const) {
    const value = response.headers.get(name);
    if (value === undefined || value.trim() === '') continue;
    const n = Number(value);
    if (Number.isFinite(n)) return n * factor;
    const date = Date.parse(value);
    if (name === 'retry-after' && Number.isFinite(date)) return Math.max(0, date - now);
  }
  return undefined;
}

/**
 * Per retry (under the retry policy, so it sees every answer first): a 429 or 503 whose Retry-After
 * exceeds the cap becomes an error the retry policy does not retry, instead of a wait of hours.
 */
function retryAfterCapPolicy(capMs: number): PipelinePolicy {
  return {
    name: 'miAuditorRetryAfterCap',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status !== 429 && response.status !== 503) return response;
      const ms = retryAfterMs(response);
      if (ms === undefined || ms <= capMs) return response;
      for (const h of ['retry-after', 'retry-after-ms', 'x-ms-retry-after-ms']) response.headers.delete(h);
      throw new RestError(
        `Azure answered ${response.status} and asked to retry after ${Math.round(ms / 1000)} s, more than the ${capMs / 1000} s mi-auditor waits; the source is reported unread.`,
        { code: RETRY_AFTER_TOO_LONG, statusCode: response.status, request, response },
      );
    },
  };
}

/** The code of the error raised when a successful answer's body is not JSON. */
export const NOT_JSON = 'ResponseNotJson';

/**
 * Per call: a success whose body is not JSON (a gateway's HTML page served with 200) is an error.
 * The SDK clients parse only JSON content types and otherwise hand back no body, which a list
 * operation reads as an empty list: an unread scope would pass as one with nothing in it. A JSON
 * content type whose body does not parse (cut short) is already an error (core-client's
 * `PARSE_ERROR`). Every API an audit reads answers JSON (ARM, Resource Graph, Log Analytics,
 * Microsoft Graph, the identity endpoint).
 */
function jsonAnswerPolicy(): PipelinePolicy {
  return {
    name: 'miAuditorJsonAnswer',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status < 200 || response.status > 299 || request.method === 'HEAD') return response;
      const type = response.headers.get('content-type') ?? '';
      const text = response.bodyAsText ?? '';
      if (!text.trim() || /json/i.test(type)) return response;
      throw new RestError(
        `Azure answered ${response.status} with a body that is not JSON (${type || 'no content type'}: ${JSON.stringify(text.slice(0, 60))}); the source is reported unread.`,
        { code: NOT_JSON, statusCode: response.status, request, response },
      );
    },
  };
}

/**
 * Client options for every Azure SDK client of an audit: at most 3 retries, backoff capped at the
 * Retry-After cap, a request timeout, the Retry-After cap itself, the run budget, and a success
 * that is not JSON refused. (The SDK's
 * own `maxRetryDelayInMs` bounds its exponential backoff only, not Retry-After: see
 * @typespec/ts-http-runtime retryStrategies/throttlingRetryStrategy.)
 */
export function boundedClientOptions(
  budget: RunBudget | undefined,
  {
    requestTimeoutMs = REQUEST_TIMEOUT_MS,
    retryAfterCapMs = RETRY_AFTER_CAP_MS,
    retryDelayInMs = RETRY_DELAY_MS,
  } = {},
) {
  return {
    retryOptions: { maxRetries: 3, retryDelayInMs, maxRetryDelayInMs: retryAfterCapMs },
    additionalPolicies: [
      { policy: budgetPolicy(budget, requestTimeoutMs), position: 'perCall' as const },
      { policy: jsonAnswerPolicy(), position: 'perCall' as const },
      { policy: retryAfterCapPolicy(retryAfterCapMs), position: 'perRetry' as const },
    ],
  };
}
