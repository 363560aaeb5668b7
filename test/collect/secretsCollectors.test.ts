import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { createAzureClients, type AzureClients } from '../../src/collect/azureClients.js';
import { collectLocalAuth } from '../../src/collect/collectLocalAuth.js';
import { readApplications } from '../../src/collect/readApplications.js';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

const demo = readFixture(DEMO_TENANT);
const CI_DEPLOYER_SP = 'd4000000-0000-4000-8000-000000000001';
const LEGACY_SYNC_SP = 'd4000000-0000-4000-8000-000000000002';
const GH_DEPLOY_APP_ID = 'e5000000-0000-4000-8000-000000000004';
const APP_PAYMENTS =
  '/subscriptions/5a000000-0000-4000-8000-000000000004/resourceGroups/rg-payments/providers/Microsoft.Web/sites/app-payments';

let emulator: RunningEmulator;
let clients: AzureClients;
beforeAll(async () => {
  emulator = await startTestEmulator(demo);
  useEmulatorEnv(emulator, vi.stubEnv);
  clients = createAzureClients(loadConfig(process.env), new ManagedIdentityCredential());
});
afterAll(() => emulator.stop());

describe('the secrets collectors against the emulator', () => {
  it('read service principals and their app registrations by id and appId, with $select and federated credentials', async () => {
    const read = await readApplications(clients, [CI_DEPLOYER_SP, LEGACY_SYNC_SP], [GH_DEPLOY_APP_ID]);
    expect(read.errors).toEqual([]);
    expect(read.servicePrincipals.map((s) => s.id).sort()).toEqual([
      CI_DEPLOYER_SP,
      LEGACY_SYNC_SP,
      'd4000000-0000-4000-8000-000000000004',
    ]);
    const ci = read.applications.find((a) => a.displayName === 'ci-deployer')!;
    expect(ci.passwordCredentials.map((c) => c.keyId)).toEqual([
      'e6000000-0000-4000-8000-000000000011',
      'e6000000-0000-4000-8000-000000000012',
    ]);
    expect(ci.federatedIdentityCredentials).toEqual([]);
    expect(read.applications.find((a) => a.appId === GH_DEPLOY_APP_ID)?.federatedIdentityCredentials).toEqual(
      [
        expect.objectContaining({
          name: 'github-main',
          issuer: 'https://token.actions.githubusercontent.com',
        }),
      ],
    );
  });

  it('follows @odata.nextLink and gets only the $select-ed properties', async () => {
    const first = await clients.graphGet('/v1.0/applications?$top=2&$select=id,appId');
    expect(first?.['value']).toHaveLength(2);
    expect(Object.keys((first?.['value'] as object[])[0]!).sort()).toEqual(['appId', 'id']);
    const next = String(first?.['@odata.nextLink']);
    const second = await clients.graphGet(next);
    expect(second?.['value']).toHaveLength(2);
    expect(second?.['@odata.nextLink']).toBeUndefined();
  });

  it('refuses a filter Graph would refuse, as a coverage error', async () => {
    await expect(
      clients.graphGet("/v1.0/applications?$filter=startswith(displayName,'ci')"),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'Request_UnsupportedQuery',
    });
  });

  it('reads App Service publishing policies over ARM, and a site without them as an empty list', async () => {
    const { childSettings } = await collectLocalAuth(clients, [
      '5a000000-0000-4000-8000-000000000004',
      '5a000000-0000-4000-8000-000000000003',
    ]);
    expect(childSettings.errors).toEqual([]);
    const payments = childSettings.items.find(
      (c) => c.resourceId.toLowerCase() === APP_PAYMENTS.toLowerCase(),
    );
    expect(payments?.children).toEqual([
      { name: 'ftp', properties: { allow: true } },
      { name: 'scm', properties: { allow: false } },
    ]);
    const sandbox = childSettings.items.find((c) => c.resourceId.endsWith('/app-dev-sandbox'));
    expect(sandbox?.children).toEqual([]);
  });

  it('answers 404 for a child that does not exist and 400 without api-version', async () => {
    expect(
      await clients.armGet(
        `${APP_PAYMENTS}/basicPublishingCredentialsPolicies/webdeploy?api-version=2023-12-01`,
      ),
    ).toBeUndefined();
    await expect(clients.armGet(`${APP_PAYMENTS}/basicPublishingCredentialsPolicies`)).rejects.toMatchObject({
      statusCode: 400,
      code: 'MissingApiVersionParameter',
    });
  });
});
