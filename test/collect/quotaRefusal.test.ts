import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { createAzureClients } from '../../src/collect/azureClients.js';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

// Two Resource Graph requests a second, so that a third, asked past the pacer (as another process
// of the same identity would spend the quota), is refused with 429 and Retry-After.
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(readFixture(DEMO_TENANT), { quota: { requests: 2, windowMs: 1000 } });
  useEmulatorEnv(emulator, vi.stubEnv);
});
afterAll(() => emulator.stop());

describe("Resource Graph's refusals reach the pacer", () => {
  it('tells the pacer of a 429 that the SDK retried on its own, which the caller never sees', async () => {
    const clients = createAzureClients(loadConfig(process.env), new ManagedIdentityCredential());
    for (let i = 0; i < 3; i++) await clients.resourceGraph.resources({ query: 'resources | take 1' });
    expect(emulator.throttled()).toBe(1);
    expect(clients.pacer.refusals).toBe(1);
  });
});
