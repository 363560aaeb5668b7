import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(readFixture(DEMO_TENANT));
  useEmulatorEnv(emulator, vi.stubEnv);
});
afterAll(() => emulator?.stop()); // undefined when the start failed: its own error is the one to see

it('answers a real Resource Graph client over TLS with a managed-identity token', async () => {
  const client = new ResourceGraphClient(new ManagedIdentityCredential(), { endpoint: emulator.urls.arm });
  const r = await client.resources({
    query: "resources | where type =~ 'microsoft.keyvault/vaults' | project id, name | order by name asc",
  });
  expect((r.data as { name: string }[]).map((x) => x.name)).toEqual([
    'kv-dev',
    'kv-legacy',
    'kv-logs-to-datadog',
    'kv-orders',
    'kv-payments',
    'kv-platform',
  ]);
});
