import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { metrics } from '@opentelemetry/api';

/** The Azure API families mi-auditor calls, as the metrics name them. */
export type ApiName =
  | 'resourceGraph'
  | 'authorization'
  | 'monitor'
  | 'managedIdentity'
  | 'policy'
  | 'logAnalytics'
  | 'graph'
  | 'arm';

const meter = () => metrics.getMeter('mi-auditor');

/**
 * Counts one answer of an Azure API: `mi_auditor.requests` by API and status class, and
 * `mi_auditor.throttled` for 429s, so a dashboard sees per run how close the audit ran to each
 * quota. OpenTelemetry API only: a no-op where no SDK was started.
 */
export function countRequest(api: ApiName, status: number): void {
  meter()
    .createCounter('mi_auditor.requests', { description: 'Azure API requests, every attempt' })
    .add(1, { api, status: status ? `${Math.floor(status / 100)}xx` : 'none' });
  if (status === 429)
    meter().createCounter('mi_auditor.throttled', { description: 'Azure API answers 429' }).add(1, { api });
}

/** The same as a pipeline policy, placed per retry so that every attempt is counted. */
export function requestMetricsPolicy(api: ApiName): { policy: PipelinePolicy; position: 'perRetry' } {
  return {
    position: 'perRetry',
    policy: {
      name: `miAuditorRequestMetrics-${api}`,
      async sendRequest(request, next) {
        try {
          const response = await next(request);
          countRequest(api, response.status);
          return response;
        } catch (e) {
          countRequest(api, (e as { statusCode?: number }).statusCode ?? 0);
          throw e;
        }
      },
    },
  };
}
