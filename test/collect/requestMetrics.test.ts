import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { requestMetricsPolicy } from '../../src/collect/requestMetrics.js';

const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
const provider = new MeterProvider({ readers: [reader] });
beforeAll(() => metrics.setGlobalMeterProvider(provider));
afterAll(async () => {
  await provider.shutdown();
  metrics.disable();
});

async function points(name: string) {
  await reader.forceFlush();
  return (exporter.getMetrics().at(-1)?.scopeMetrics ?? [])
    .flatMap((s) => s.metrics)
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints as { attributes: Record<string, unknown>; value: number }[]);
}

describe('request metrics', () => {
  it('counts every attempt by API and status class, and 429s as throttled', async () => {
    const { policy } = requestMetricsPolicy('resourceGraph');
    const request = createPipelineRequest({
      url: 'https://management.azure.com/providers/Microsoft.ResourceGraph/resources',
    });
    for (const status of [429, 200, 200])
      await policy.sendRequest(request, () =>
        Promise.resolve({ status, headers: createHttpHeaders(), request } satisfies PipelineResponse),
      );
    await expect(
      policy.sendRequest(request, () =>
        Promise.reject(Object.assign(new Error('reset'), { statusCode: undefined })),
      ),
    ).rejects.toThrow('reset');
    const requests = await points('mi_auditor.requests');
    const count = (status: string) =>
      requests.find((p) => p.attributes['api'] === 'resourceGraph' && p.attributes['status'] === status)
        ?.value;
    expect([count('2xx'), count('4xx'), count('none')]).toEqual([2, 1, 1]);
    expect((await points('mi_auditor.throttled')).map((p) => [p.attributes['api'], p.value])).toEqual([
      ['resourceGraph', 1],
    ]);
  });
});
