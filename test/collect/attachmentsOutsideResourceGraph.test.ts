import { RestError } from '@azure/core-rest-pipeline';
import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import {
  childAttachmentsOf,
  childParents,
  identitiesOfChildren,
  type ChildParents,
} from '../../src/collect/attachmentsOutsideResourceGraph.js';
import { createAzureClients, type AzureClients } from '../../src/collect/azureClients.js';
import { loadConfig } from '../../src/config.js';
import { CLEAN_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

const SUB = '5a000000-0000-4000-8000-000000000002';
const WS = (n: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/${n}`;
const ID = (n: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${n}`;
const parents = (...names: string[]): ChildParents => ({
  parents: names.map((n) => ({ id: WS(n), collection: 'computes', apiVersion: '2024-04-01' })),
  errors: [],
});
const compute = (identity: string) => ({
  identity: { type: 'UserAssigned', userAssignedIdentities: { [identity]: {} } },
});

/** ARM answers by path: a page, an error to throw, or undefined (404). */
function fakeArm(pages: Record<string, unknown>) {
  const asked: string[] = [];
  const clients = {
    armGet: (path: string) => {
      asked.push(path);
      const answer = pages[path];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  } as unknown as AzureClients;
  return { clients, asked };
}

describe('identitiesOfChildren and childAttachmentsOf', () => {
  it('count nothing, and no read that failed, when no identity is left to clear', async () => {
    const arm = fakeArm({
      [`${WS('a')}/computes?api-version=2024-04-01`]: new RestError('Forbidden', { statusCode: 403 }),
    });
    const children = await identitiesOfChildren(arm.clients, parents('a'));
    expect(children.errors).toHaveLength(1);
    expect(childAttachmentsOf(children, [])).toEqual({ attached: [], errors: [] });
  });

  it("find the candidates a workspace's computes run as, following nextLink, in ARM's id casing", async () => {
    const first = `${WS('a')}/computes?api-version=2024-04-01`;
    const second = `${WS('a')}/computes?api-version=2024-04-01&$skipToken=2`;
    const arm = fakeArm({
      [first]: { value: [compute(ID('other'))], nextLink: `https://management.azure.com${second}` },
      [second]: {
        value: [compute(ID('id-spare').toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'))],
      },
    });
    const children = await identitiesOfChildren(arm.clients, parents('a'));
    expect(children.attached).toEqual([ID('other').toLowerCase(), ID('id-spare').toLowerCase()]);
    expect(childAttachmentsOf(children, [ID('id-spare'), ID('id-unused')])).toEqual({
      attached: [ID('id-spare').toLowerCase()],
      errors: [],
    });
    expect(arm.asked).toEqual([first, second]);
  });

  it("record a failed list as the identities' use unknown, and keep the failed parent query's errors", async () => {
    const arm = fakeArm({
      [`${WS('a')}/computes?api-version=2024-04-01`]: new RestError('Forbidden', { statusCode: 403 }),
    });
    const parentError = {
      source: 'identityUse' as const,
      scope: `/subscriptions/${SUB}`,
      message: 'throttled',
    };
    const children = await identitiesOfChildren(arm.clients, { ...parents('a'), errors: [parentError] });
    const read = childAttachmentsOf(children, [ID('id-spare')]);
    expect(read.attached).toEqual([]);
    expect(read.errors.map((e) => [e.source, e.scope, e.statusCode])).toEqual([
      ['identityUse', `/subscriptions/${SUB}`, undefined],
      ['identityUse', `${WS('a')}/computes`, 403],
    ]);
  });
});

describe('childParents, against the emulator', () => {
  let emulator: RunningEmulator | undefined;
  afterAll(() => emulator?.stop());

  it('reads the parents of a thousand subscriptions, five types each, in one summarized page', async () => {
    // One row per subscription and type was 3,000 rows: a summary is one page of 1,000 at most, so
    // Resource Graph cut it and every identity's use was unknown (1M benchmark, 2,000 subscriptions).
    const tenant = readFixture(CLEAN_TENANT);
    const subscriptions = Array.from(
      { length: 1000 },
      (_, i) => `5c000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    tenant['subscriptions'] = subscriptions.map((subscriptionId, i) => ({
      subscriptionId,
      displayName: `s${i}`,
    }));
    tenant['resources'] = subscriptions.flatMap((s) =>
      [
        ['Microsoft.MachineLearningServices/workspaces', 'mlw'],
        ['Microsoft.DevCenter/projects', 'proj'],
        ['Microsoft.AppPlatform/Spring', 'asa'],
        ['Microsoft.ServiceFabric/clusters', 'sf'],
        ['Microsoft.ServiceFabric/managedClusters', 'sfmc'],
      ].map(([type, name]) => ({
        id: `/subscriptions/${s}/resourceGroups/rg/providers/${type}/${name}`,
        name,
        type: type!.toLowerCase(),
        subscriptionId: s,
        resourceGroup: 'rg',
        location: 'westeurope',
      })),
    );
    // The auditor's own grants (Reader at the root group) only.
    tenant['roleAssignments'] = tenant['roleAssignments'].filter(
      (a: { properties: { principalId: string } }) =>
        a.properties.principalId === tenant['auditor'].principalId,
    );
    emulator = await startTestEmulator(tenant);
    useEmulatorEnv(emulator, vi.stubEnv);
    const clients = createAzureClients(loadConfig(process.env), new ManagedIdentityCredential());
    const read = await childParents(clients, subscriptions);
    expect(read.errors).toEqual([]);
    expect(read.parents).toHaveLength(5000);
    expect(new Set(read.parents.map((p) => `${p.collection}@${p.apiVersion}`))).toEqual(
      new Set([
        'computes@2024-04-01',
        'environmentTypes@2024-02-01',
        'apps@2023-12-01',
        'applications@2021-06-01',
        'applications@2024-04-01',
      ]),
    );
  }, 60_000);
});
