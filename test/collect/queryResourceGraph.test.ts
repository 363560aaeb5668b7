import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { generateTenant } from '../../emulator/generateTenant.js';
import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { parseResetsAfter, QuotaPacer } from '../../src/collect/quotaPacer.js';
import { queryResourceGraph } from '../../src/collect/queryResourceGraph.js';
import { startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

const tenant = generateTenant({ seed: 3, resources: 2500 });
let emulator: RunningEmulator;
beforeAll(async () => {
  // A quota of 2 requests per 600 ms: reading 2,500 rows takes 3 pages, twice over.
  emulator = await startTestEmulator(tenant, { quota: { requests: 2, windowMs: 600, retryAfter: false } });
  useEmulatorEnv(emulator, vi.stubEnv);
});
afterAll(() => emulator?.stop()); // undefined when the start failed: its own error is the one to see

describe('queryResourceGraph', () => {
  it('reads every page and paces itself by the quota headers instead of being throttled', async () => {
    const client = new ResourceGraphClient(new ManagedIdentityCredential(), { endpoint: emulator.urls.arm });
    const pacer = new QuotaPacer();
    const first = await queryResourceGraph<{ id: string }>(
      client,
      'resources | project id | order by id asc',
      {},
      pacer,
    );
    const second = await queryResourceGraph<{ id: string }>(
      client,
      'resources | project id, name | order by id asc',
      {},
      pacer,
    );
    expect(first).toHaveLength(2500);
    expect(new Set(first.map((r) => r.id)).size).toBe(2500);
    expect(second).toHaveLength(2500);
    expect(emulator.throttled()).toBe(0);
    expect(pacer.waitedMs).toBeGreaterThan(0);
  });

  it('recovers from a 429 that carries no Retry-After, using the quota reset time', async () => {
    const client = new ResourceGraphClient(new ManagedIdentityCredential(), { endpoint: emulator.urls.arm });
    const blind = new QuotaPacer();
    // Two pacers sharing one caller's quota: the second does not know the first spent it.
    const [informed, recovered] = await Promise.all([
      queryResourceGraph<{ id: string }>(
        client,
        'resources | project id | order by id asc',
        {},
        new QuotaPacer(),
      ),
      queryResourceGraph<{ id: string }>(client, 'resources | project id | order by id asc', {}, blind),
    ]);
    expect(emulator.throttled()).toBeGreaterThan(0);
    // Throttled pages were retried, not lost or repeated: both callers read every row once.
    expect(recovered).toHaveLength(2500);
    expect(new Set(recovered.map((r) => r.id)).size).toBe(2500);
    expect(recovered).toEqual(informed);
  });
});

describe('parseResetsAfter', () => {
  it('reads hh:mm:ss', () => {
    expect(parseResetsAfter('00:00:05')).toBe(5000);
    expect(parseResetsAfter('01:02:03.5')).toBe(3_723_500);
    expect(parseResetsAfter('soon')).toBeUndefined();
  });
});
