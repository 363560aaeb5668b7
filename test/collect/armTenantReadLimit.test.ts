import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { generateSyntheticTenant } from '../../emulator/generateTenant.js';
import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { createAzureClients } from '../../src/collect/azureClients.js';
import { listRoleAssignments } from '../../src/collect/listRoleData.js';
import { loadConfig } from '../../src/config.js';
import { startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

// ARM limits the reads that name no subscription with a bucket of the tenant's (Learn, "Understand
// how Azure Resource Manager throttles requests", "Regional throttling and token bucket algorithm":
// Tenant reads, 250 tokens, 25 a second; "Tenant requests don't include your subscription ID").
// A management group's own role assignments are such a read, one per group: a large hierarchy
// outruns the bucket. Here the bucket is lowered so that 150 groups do in a test's time.
const LIMIT = { bucket: 20, refillPerSecond: 200 };
const { fixture, expectedFindings } = generateSyntheticTenant({
  seed: 9,
  resources: 300,
  subscriptions: 40,
  managementGroups: 150,
  vaults: 0,
  logRows: 0,
  assignments: 2000,
});
const groups = (fixture['managementGroups'] as { name: string }[]).map((g) => g.name);
const atGroups = (fixture['roleAssignments'] as { id: string; properties: { scope: string } }[]).filter((a) =>
  /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(a.properties.scope),
);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(fixture, { armReadLimit: LIMIT });
  useEmulatorEnv(emulator, vi.stubEnv);
});
afterAll(() => emulator.stop());

describe("ARM's tenant read limit", () => {
  it("is never overrun: every management group's role assignments are read without a 429", async () => {
    const clients = createAzureClients(loadConfig(process.env), new ManagedIdentityCredential(), undefined, {
      armReads: LIMIT,
    });
    expect(groups.length).toBeGreaterThan(4 * LIMIT.bucket);
    expect(expectedFindings['rbac-privileged-role-broad-scope']).toBeGreaterThan(0);
    const read = await listRoleAssignments(clients, [], groups);
    expect(read.errors).toEqual([]);
    const ids = new Set(read.items.map((a) => a.id.toLowerCase()));
    expect(atGroups.length).toBeGreaterThan(0);
    for (const a of atGroups) expect(ids.has(a.id.toLowerCase())).toBe(true);
    expect(emulator.throttled()).toBe(0);
  });
});
