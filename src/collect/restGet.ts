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
  options: {
    retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
    additionalPolicies?: { policy: PipelinePolicy; position: 'perCall' | 'perRetry' }[];
    /** The HTTP client to send with (shared, so connections are reused across clients). */
    httpClient?: HttpClient;
  } = {},
): RestGet {
  const pipeline = createPipelineFromOptions(
    options.retryOptions ? { retryOptions: options.retryOptions } : {},
  );
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
  // The audit's bounded waits (request timeout, Retry-After cap, run budget), as every SDK client has.
  for (const p of options.additionalPolicies ?? []) {
    pipeline.addPolicy(p.policy, p.position === 'perRetry' ? { afterPhase: 'Retry' } : {});
  }
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  return async (url) => {
    const request = createPipelineRequest({
      url,
      method: 'GET',
      headers: createHttpHeaders({ accept: 'application/json' }),
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
      throw new RestError(`GET ${new URL(url).pathname} answered ${response.status}: ${message}`, {
        statusCode: response.status,
        ...(code ? { code } : {}),
        request,
        response,
      });
    }
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
}
