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
  NOT_JSON,
  retryAfterMs,
  RETRY_AFTER_TOO_LONG,
  RUN_BUDGET_EXCEEDED,
  startRunBudget,
} from '../../src/collect/boundedWaits.js';
import { QuotaPacer } from '../../src/collect/quotaPacer.js';

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

describe('answers that are not JSON', () => {
  it('refuses a 200 whose body is an HTML page, which the SDK clients would read as no body at all', async () => {
    answer = (_q, s) =>
      void s.writeHead(200, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    const error = await failure(send(boundedClientOptions(undefined)));
    expect(isRestError(error) && [error.code, error.statusCode]).toEqual([NOT_JSON, 200]);
    expect((error as Error).message).toMatch(/not JSON \(text\/html/);
  });

  it('lets JSON answers and empty bodies through', async () => {
    answer = (_q, s) => void s.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}');
    expect((await send(boundedClientOptions(undefined))).status).toBe(200);
    answer = (_q, s) => void s.writeHead(204).end();
    expect((await send(boundedClientOptions(undefined))).status).toBe(204);
  });
});

describe('Resource Graph quota waits and the run budget', () => {
  it('a quota wait past the budget ends when the budget does, with RunBudgetExceeded', async () => {
    const budget = startRunBudget(150, 'PT0.15S');
    const pacer = new QuotaPacer({ budget });
    // A 429 asked for 30 s: without the budget, the next request would sleep that long.
    pacer.backOff(30_000);
    const started = performance.now();
    const error = await pacer.beforeRequest().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRestError(error) && error.code).toBe(RUN_BUDGET_EXCEEDED);
    expect(String((error as Error).message)).toMatch(/PT0\.15S.*quota/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a spent budget refuses the next wait at once; within the budget the pacer still waits', async () => {
    const spent = startRunBudget(1, 'PT0.001S');
    await new Promise((r) => setTimeout(r, 5));
    const pacer = new QuotaPacer({ budget: spent, requests: 1 });
    await pacer.beforeRequest(); // the quota has room: no wait, no error
    await expect(pacer.beforeRequest()).rejects.toMatchObject({ code: RUN_BUDGET_EXCEEDED });
    const roomy = new QuotaPacer({ budget: startRunBudget(60_000, 'PT1M'), requests: 1 });
    roomy.observe('0', '00:00:00.0200000', await roomy.beforeRequest());
    await expect(roomy.beforeRequest()).resolves.toMatchObject({ settled: false });
    expect(roomy.waitedMs).toBeGreaterThan(0);
  });
});
