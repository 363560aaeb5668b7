import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { generateSyntheticTenant } from '../../emulator/generateTenant.js';
import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { createAzureClients } from '../../src/collect/azureClients.js';
import { collectLocalAuth } from '../../src/collect/collectLocalAuth.js';
import { readDiagnosticSettings } from '../../src/collect/readDiagnosticSettings.js';
import { loadConfig } from '../../src/config.js';
import { startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

// ARM limits reads per subscription and principal with a token bucket (Learn, "Understand how Azure
// Resource Manager throttles requests": 250 tokens, 25 a second). Here the bucket is lowered so that
// one subscription's App Service sites and vaults outrun it in a test's time.
const LIMIT = { bucket: 20, refillPerSecond: 200 };
const { fixture } = generateSyntheticTenant({
  seed: 7,
  resources: 4000,
  subscriptions: 1,
  vaults: 60,
  logRows: 10,
  assignments: 10,
});
const subscriptionId = (fixture['subscriptions'] as { subscriptionId: string }[])[0]!.subscriptionId;
const ofType = (type: string) =>
  (fixture['resources'] as { id: string; type: string }[])
    .filter((r) => r.type.toLowerCase() === type)
    .map((r) => r.id);
const sites = ofType('microsoft.web/sites');
const vaults = ofType('microsoft.keyvault/vaults');

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(fixture, { armReadLimit: LIMIT });
  useEmulatorEnv(emulator, vi.stubEnv);
});
afterAll(() => emulator.stop());

describe("ARM's per-subscription read limit", () => {
  it('is never overrun: every site and vault of one large subscription is read without a 429', async () => {
    const clients = createAzureClients(loadConfig(process.env), new ManagedIdentityCredential(), undefined, {
      armReads: LIMIT,
    });
    expect(sites.length + vaults.length).toBeGreaterThan(4 * LIMIT.bucket);
    const [{ childSettings }, diagnostics] = await Promise.all([
      collectLocalAuth(clients, [subscriptionId]),
      readDiagnosticSettings(clients, vaults),
    ]);
    expect(childSettings.errors).toEqual([]);
    expect(diagnostics.errors).toEqual([]);
    expect(childSettings.items).toHaveLength(sites.length);
    expect(diagnostics.items).toHaveLength(vaults.length);
    expect(emulator.throttled()).toBe(0);
  });
});
