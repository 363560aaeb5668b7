import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { ManagedIdentityCredential } from '@azure/identity';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

const demo = readFixture(DEMO_TENANT);
const PLATFORM = '5a000000-0000-4000-8000-000000000001';
const PROD = '5a000000-0000-4000-8000-000000000002';

/** The demo tenant, but the auditor holds Reader on the Prod subscription only. */
const readerOnProd = {
  ...demo,
  roleAssignments: [
    ...demo.roleAssignments.filter((a: any) => a.properties.principalId !== demo.auditor.principalId),
    {
      id: `/subscriptions/${PROD}/providers/Microsoft.Authorization/roleAssignments/0a0a0a0a-0000-4000-8000-000000000001`,
      name: '0a0a0a0a-0000-4000-8000-000000000001',
      properties: {
        scope: `/subscriptions/${PROD}`,
        roleDefinitionId:
          '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7',
        principalId: demo.auditor.principalId,
        principalType: 'ServicePrincipal',
      },
    },
  ],
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(readerOnProd);
  useEmulatorEnv(emulator, vi.stubEnv);
});
afterAll(() => emulator?.stop()); // undefined when the start failed: its own error is the one to see

describe("visibility follows the auditor's own RBAC", () => {
  it('shows Resource Graph rows of the one readable subscription only', async () => {
    const client = new ResourceGraphClient(new ManagedIdentityCredential(), { endpoint: emulator.urls.arm });
    const r = await client.resources({ query: 'resources | summarize n = count() by subscriptionId' });
    expect((r.data as { subscriptionId: string }[]).map((x) => x.subscriptionId)).toEqual([PROD]);
  });

  it('refuses role assignments of another subscription with 403 AuthorizationFailed', async () => {
    const client = new AuthorizationManagementClient(new ManagedIdentityCredential(), PLATFORM, {
      endpoint: emulator.urls.arm,
      credentialScopes: ['https://management.azure.com/.default'],
    });
    const list = async () => {
      for await (const _ of client.roleAssignments.listForSubscription()) void _;
    };
    await expect(list()).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
  });

  it('refuses a query on a workspace the auditor cannot read', async () => {
    const client = new LogsQueryClient(new ManagedIdentityCredential(), {
      endpoint: emulator.urls.logAnalytics,
    });
    await expect(
      client.queryWorkspace('1a000000-0000-4000-8000-000000000001', 'AZKVAuditLogs | count', {
        duration: 'P1D',
      }),
    ).rejects.toMatchObject({
      statusCode: 403,
      code: 'InsufficientAccessError',
    });
  });

  it('lists only the readable subscription', async () => {
    const token = await new ManagedIdentityCredential().getToken('https://management.azure.com/.default');
    const res = await fetch(`${emulator.urls.arm}/subscriptions?api-version=2022-12-01`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect((await res.json()).value.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([PROD]);
  });
});

const PORTAL = `/subscriptions/${PROD}/resourceGroups/rg-orders/providers/Microsoft.Web/sites/app-legacy-portal`;

/** The demo tenant, but the auditor holds Reader on one web app only (four more share its group). */
const readerOnOneApp = {
  ...readerOnProd,
  roleAssignments: readerOnProd.roleAssignments.map((a: any) =>
    a.properties.principalId === demo.auditor.principalId
      ? {
          ...a,
          id: `${PORTAL}/providers/Microsoft.Authorization/roleAssignments/${a.name}`,
          properties: { ...a.properties, scope: PORTAL },
        }
      : a,
  ),
};

describe('Resource Graph rows are decided per scope, and cached per scope', () => {
  let one: RunningEmulator;
  let whole: RunningEmulator;
  beforeAll(async () => {
    one = await startTestEmulator(readerOnOneApp);
    whole = await startTestEmulator(demo);
  });
  afterAll(async () => {
    await one?.stop();
    await whole?.stop();
  });

  it('shows the one resource a grant below its resource group reaches, not its neighbours', async () => {
    useEmulatorEnv(one, vi.stubEnv);
    const client = new ResourceGraphClient(new ManagedIdentityCredential(), { endpoint: one.urls.arm });
    const r = await client.resources({ query: 'resources | project id' });
    expect((r.data as { id: string }[]).map((x) => x.id)).toEqual([PORTAL]);
  });

  it('answers each subscription list with its own rows, also when a scope is asked again', async () => {
    useEmulatorEnv(whole, vi.stubEnv);
    const client = new ResourceGraphClient(new ManagedIdentityCredential(), { endpoint: whole.urls.arm });
    const subsOf = async (subscriptions: string[]) => {
      const r = await client.resources({
        query: 'resources | summarize n = count() by subscriptionId | order by subscriptionId asc',
        subscriptions,
      });
      return (r.data as { subscriptionId: string }[]).map((x) => x.subscriptionId);
    };
    expect(await subsOf([PROD])).toEqual([PROD]);
    expect(await subsOf([PLATFORM])).toEqual([PLATFORM]);
    expect(await subsOf([PLATFORM, PROD])).toEqual([PLATFORM, PROD]);
    expect(await subsOf([PROD])).toEqual([PROD]);
  });
});
