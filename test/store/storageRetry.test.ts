/**
 * Storage clients with explicit try timeouts and retries (issue #13, "bounded waits"): against a
 * local server that fails or never answers, each store call tries a bounded number of times, tells
 * the service its timeout, and gives up instead of hanging on a dead connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createAzureStores, STORAGE_RETRY, type StorageRetry } from '../../src/store/azureStores.js';

// Azurite's well-known development account (public: https://learn.microsoft.com/azure/storage/common/storage-use-azurite#http-connection-strings).
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

let answer: (req: IncomingMessage, res: ServerResponse) => void = () => {};
const seen: { method: string; url: string }[] = [];
const server = createServer((req, res) => {
  seen.push({ method: req.method ?? '', url: req.url ?? '' });
  req.resume();
  answer(req, res);
});
let connectionString = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${ACCOUNT}`;
  connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${base};QueueEndpoint=${base};TableEndpoint=${base};`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const fast: StorageRetry = { maxTries: 3, tryTimeoutInMs: 2_000, retryDelayInMs: 10, maxRetryDelayInMs: 20 };

describe('storage clients: explicit try timeouts and retries', () => {
  it('the defaults are set, not left to each SDK (4 tries, 30 s per try)', () => {
    expect(STORAGE_RETRY).toEqual({
      maxTries: 4,
      tryTimeoutInMs: 30_000,
      retryDelayInMs: 1_000,
      maxRetryDelayInMs: 10_000,
    });
  });

  it('Blob: a 503 is tried maxTries times, each try telling the service its timeout, then fails', async () => {
    seen.length = 0;
    answer = (_q, s) => void s.writeHead(503).end();
    const store = createAzureStores(
      { kind: 'connectionString', connectionString },
      'reports',
      { getToken: () => Promise.resolve(null) },
      fast,
    );
    await expect(store.reports.readBlob('suppressions.json')).rejects.toThrow();
    const containerCreates = seen.filter((r) => r.method === 'PUT' && r.url.includes('restype=container'));
    expect(containerCreates).toHaveLength(3);
    for (const r of containerCreates)
      expect(new URL(r.url, 'http://x').searchParams.get('timeout')).toBe('2');
  });

  it('Tables: a request that never answers is abandoned after the try timeout, maxTries times at most', async () => {
    seen.length = 0;
    // Blob and Queue answer (container and queue exist); the Table service never answers.
    answer = (q, s) => {
      if (q.url?.includes('Tables')) return;
      s.writeHead(q.method === 'PUT' ? 201 : 200).end();
    };
    const store = createAzureStores(
      { kind: 'connectionString', connectionString },
      'reports',
      { getToken: () => Promise.resolve(null) },
      { ...fast, tryTimeoutInMs: 150 },
    );
    const started = performance.now();
    await expect(store.history.load()).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(10_000);
    const tableTries = seen.filter((r) => r.url.includes('Tables')).length;
    expect(tableTries).toBeGreaterThanOrEqual(1);
    expect(tableTries).toBeLessThanOrEqual(3);
  });
});
