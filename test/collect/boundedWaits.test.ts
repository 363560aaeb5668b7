import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  isRestError,
} from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  boundedClientOptions,
  retryAfterMs,
  RETRY_AFTER_TOO_LONG,
  RUN_BUDGET_EXCEEDED,
  startRunBudget,
} from '../../src/collect/boundedWaits.js';

/** A local server whose answer each test sets; counts requests. */
let answer: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => void s.writeHead(200).end('{}');
let hits = 0;
let base = '';
const server = createServer((q, s) => {
  hits++;
  answer(q, s);
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** Sends one GET through the same pipeline the Azure SDK clients build from these options. */
async function send(options: ReturnType<typeof boundedClientOptions>) {
  const pipeline = createPipelineFromOptions(options);
  // As core-client's ServiceClient adds them (serviceClient.js: perRetry goes after the Sign phase).
  for (const p of options.additionalPolicies)
    pipeline.addPolicy(p.policy, p.position === 'perRetry' ? { afterPhase: 'Sign' } : {});
  hits = 0;
  return pipeline.sendRequest(
    createDefaultHttpClient(),
    createPipelineRequest({ url: `${base}/x`, allowInsecureConnection: true }),
  );
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('bounded waits', () => {
  it('honours a Retry-After up to the cap', async () => {
    let n = 0;
    answer = (_q, s) =>
      void (n++ === 0 ? s.writeHead(429, { 'retry-after': '1' }).end() : s.writeHead(200).end());
    const response = await send(boundedClientOptions(undefined, { retryAfterCapMs: 5_000 }));
    expect(response.status).toBe(200);
    expect(hits).toBe(2);
  });

  it('does not wait a day when Azure asks for one: the request fails at once, named', async () => {
    answer = (_q, s) => void s.writeHead(429, { 'retry-after': '86400' }).end();
    const started = Date.now();
    const error = await failure(send(boundedClientOptions(undefined)));
    expect(isRestError(error) && error.code).toBe(RETRY_AFTER_TOO_LONG);
    expect((error as Error).message).toMatch(/retry after 86400 s, more than the 60 s/);
    expect(hits).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('gives up on a request that does not answer within the request timeout', async () => {
    answer = () => {}; // never answers
    const error = await failure(send(boundedClientOptions(undefined, { requestTimeoutMs: 200 })));
    expect((error as Error).name).toMatch(/AbortError|RestError/);
    expect(hits).toBeGreaterThanOrEqual(1);
  });

  it('ends the request in flight, and every later one, when the run budget is spent', async () => {
    answer = () => {}; // never answers
    const budget = startRunBudget(300, 'PT0.3S');
    const error = await failure(send(boundedClientOptions(budget)));
    expect(isRestError(error) && error.code).toBe(RUN_BUDGET_EXCEEDED);
    expect((error as Error).message).toContain('PT0.3S');
    hits = 0;
    const next = await failure(send(boundedClientOptions(budget)));
    expect(isRestError(next) && next.code).toBe(RUN_BUDGET_EXCEEDED);
  });

  it('reads Retry-After in seconds, as a date, and the millisecond variants', () => {
    const response = (headers: Record<string, string>) =>
      ({ headers: createHttpHeaders(headers), status: 429 }) as Parameters<typeof retryAfterMs>[0];
    expect(retryAfterMs(response({ 'retry-after': '7' }))).toBe(7_000);
    expect(retryAfterMs(response({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(response({ 'retry-after': new Date(10_000 + 30_000).toUTCString() }), 10_000)).toBe(
      30_000,
    );
    expect(retryAfterMs(response({}))).toBeUndefined();
  });
});
