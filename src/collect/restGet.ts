import type { TokenCredential } from '@azure/core-auth';
import {
  type HttpClient,
  type PipelinePolicy,
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
} from '@azure/core-rest-pipeline';

/** A JSON answer, or `undefined` when the resource does not exist (404). */
export type RestGet = (url: string) => Promise<Record<string, unknown> | undefined>;

/**
 * A GET over Azure's own HTTP pipeline (@azure/core-rest-pipeline): bearer tokens for `scope`, and
 * the SDKs' retry policies (429 and 5xx with Retry-After, exponential back-off). For calls no
 * official Node client covers: ARM child resources that Resource Graph does not hold, and
 * Microsoft Graph lists. A 404 answers `undefined` (the child does not exist); any other failure
 * throws a RestError with the status and Azure's error code.
 */
export function createRestGet(
  credential: TokenCredential,
  scope: string,
  options: RestOptions = {},
): RestGet {
  const send = createRestSender(credential, scope, options);
  return (url) => send('GET', url);
}

/** A JSON POST answering JSON, or `undefined` on 404. */
export type RestPost = (url: string, body: unknown) => Promise<Record<string, unknown> | undefined>;

/**
 * A POST of a JSON body over the same pipeline as {@link createRestGet}: Microsoft Graph's
 * `directoryObjects/getByIds`, which is a POST and had gone out over a bare `fetch`, so a throttled
 * answer (429 with Retry-After, which Graph asks clients to wait out and retry: "Microsoft Graph
 * throttling guidance") failed the whole directory look-up instead of being retried.
 */
export function createRestPost(
  credential: TokenCredential,
  scope: string,
  options: RestOptions = {},
): RestPost {
  const send = createRestSender(credential, scope, options);
  return (url, body) => send('POST', url, body);
}

/** How a REST client is built: retry options, the audit's policies, the shared HTTP client. */
export interface RestOptions {
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  additionalPolicies?: { policy: PipelinePolicy; position: 'perCall' | 'perRetry' }[];
  /** The HTTP client to send with (shared, so connections are reused across clients). */
  httpClient?: HttpClient;
}

function createRestSender(credential: TokenCredential, scope: string, options: RestOptions) {
  const pipeline = createPipelineFromOptions(
    options.retryOptions ? { retryOptions: options.retryOptions } : {},
  );
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
  // The audit's bounded waits (request timeout, Retry-After cap, run budget), as every SDK client has.
  for (const p of options.additionalPolicies ?? []) {
    pipeline.addPolicy(p.policy, p.position === 'perRetry' ? { afterPhase: 'Retry' } : {});
  }
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  return async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const response = await pipeline.sendRequest(httpClient, request);
    if (response.status === 404) return undefined;
    const text = response.bodyAsText ?? '';
    if (response.status < 200 || response.status > 299) {
      let code: string | undefined;
      let message = text.slice(0, 300);
      try {
        const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        code = error?.code;
        message = error?.message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new RestError(`${method} ${new URL(url).pathname} answered ${response.status}: ${message}`, {
        statusCode: response.status,
        ...(code ? { code } : {}),
        request,
        response,
      });
    }
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
}
