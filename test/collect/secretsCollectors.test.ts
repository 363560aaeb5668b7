import { RestError } from '@azure/core-rest-pipeline';
import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { createAzureClients, type AzureClients } from '../../src/collect/azureClients.js';
import { collectLocalAuth } from '../../src/collect/collectLocalAuth.js';
import { querySignIns } from '../../src/collect/querySignIns.js';
import { readApplications } from '../../src/collect/readApplications.js';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

const demo = readFixture(DEMO_TENANT);
// Sign-ins of ci-deployer's first secret (AADServicePrincipalSignInLogs, Azure Monitor Logs reference).
const signIn = (time: string, ip: string, keyId: string, result = '0') => ({
  TimeGenerated: time,
  ResultType: result,
  AppId: 'e5000000-0000-4000-8000-000000000001',
  ServicePrincipalId: 'd4000000-0000-4000-8000-000000000001',
  ServicePrincipalName: 'ci-deployer',
  ServicePrincipalCredentialKeyId: keyId,
  ClientCredentialType: 'clientSecret',
  IPAddress: ip,
  Type: 'AADServicePrincipalSignInLogs',
});
const withSignIns = structuredClone(demo);
withSignIns.workspaces[0].tables['AADServicePrincipalSignInLogs'] = [
  signIn('2026-11-18T08:00:00Z', '203.0.113.10', 'e6000000-0000-4000-8000-000000000011'),
  signIn('2026-11-19T08:00:00Z', '203.0.113.11', 'e6000000-0000-4000-8000-000000000011'),
  signIn('2026-11-19T09:00:00Z', '203.0.113.12', 'e6000000-0000-4000-8000-000000000011', '7000215'),
];
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
    // gh-orders-deploy holds no secret nor certificate: it can be no finding, so its federated
    // credentials (evidence only) are not asked for.
    const gh = read.applications.find((a) => a.appId === GH_DEPLOY_APP_ID)!;
    expect(gh.passwordCredentials).toEqual([]);
    expect(gh.federatedIdentityCredentials).toBeUndefined();
  });

  it('read the federated credentials of an app that holds a secret as well (the secret can go)', async () => {
    const leftover = structuredClone(demo);
    const app = leftover.applications.find((a: { appId: string }) => a.appId === GH_DEPLOY_APP_ID);
    app.passwordCredentials = [
      {
        keyId: 'e6000000-0000-4000-8000-000000000041',
        displayName: 'old',
        hint: 'Ab1',
        startDateTime: '2025-01-01T00:00:00Z',
        endDateTime: '2027-01-01T00:00:00Z',
      },
    ];
    const other = await startTestEmulator(leftover);
    try {
      const viaOther = createAzureClients(
        loadConfig({ ...process.env, ...other.env }),
        new ManagedIdentityCredential(),
      );
      const read = await readApplications(viaOther, [], [GH_DEPLOY_APP_ID]);
      expect(
        read.applications.find((a) => a.appId === GH_DEPLOY_APP_ID)?.federatedIdentityCredentials,
      ).toEqual([
        expect.objectContaining({
          name: 'github-main',
          issuer: 'https://token.actions.githubusercontent.com',
        }),
      ]);
    } finally {
      await other.stop();
    }
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

  it('reads App Service publishing policies over ARM, ftp and scm allowed where the site never changed them', async () => {
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
    // ARM lists both policies of every site (ListPublishingCredentialsPolicies.json).
    const sandbox = childSettings.items.find((c) => c.resourceId.endsWith('/app-dev-sandbox'));
    expect(sandbox?.children).toEqual([
      { name: 'ftp', properties: { allow: true } },
      { name: 'scm', properties: { allow: true } },
    ]);
    expect(sandbox?.parentGone).toBeUndefined();
  });

  it('answers 404 for the policies of a site that does not exist, which reads as the site gone', async () => {
    const gone = APP_PAYMENTS.replace(/app-payments$/i, 'app-deleted');
    expect(
      await clients.armGet(`${gone}/basicPublishingCredentialsPolicies?api-version=2023-12-01`),
    ).toBeUndefined();
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

  it('reads when each credential last signed in, and a workspace without the table is no error', async () => {
    const workspace = {
      resourceId: String(demo.workspaces[0].resourceId),
      customerId: String(demo.workspaces[0].customerId),
      subscriptionId: '5a000000-0000-4000-8000-000000000001',
      read: true,
    };
    const window = { start: new Date('2026-10-21T06:00:00Z'), duration: 'P30D' };
    // Log Analytics' answer for a table the workspace does not have (docs/wire-real/loganalytics-query.jsonc, unknownTable).
    const body =
      '{"error":{"message":"The request had some invalid properties","code":"BadArgumentError","innererror":{"code":"SemanticError","message":"A semantic error occurred.","innererror":{"code":"SEM0100","message":"\'where\' operator: Failed to resolve table or column expression named \'AADServicePrincipalSignInLogs\'"}}}}';
    const absent = {
      logs: {
        queryWorkspace: () =>
          Promise.reject(
            new RestError('The request had some invalid properties', {
              statusCode: 400,
              code: 'BadArgumentError',
              response: { bodyAsText: body } as never,
            }),
          ),
      },
    } as unknown as Pick<AzureClients, 'logs'>;
    const none = await querySignIns(absent, [workspace], new Set([CI_DEPLOYER_SP]), window);
    expect(none).toMatchObject({ credentials: [], read: false, errors: [] });

    const withTable = await startTestEmulator(withSignIns);
    try {
      vi.stubEnv('LOG_ANALYTICS_ENDPOINT', withTable.env['LOG_ANALYTICS_ENDPOINT']);
      const other = createAzureClients(loadConfig(process.env), new ManagedIdentityCredential());
      const read = await querySignIns(other, [workspace], new Set([CI_DEPLOYER_SP]), window);
      expect(read.errors).toEqual([]);
      expect(read.read).toBe(true);
      expect(read.credentials).toEqual([
        {
          servicePrincipalId: CI_DEPLOYER_SP,
          keyId: 'e6000000-0000-4000-8000-000000000011',
          lastSignIn: '2026-11-19T08:00:00.000Z',
          ipAddress: '203.0.113.11',
          signIns: 2,
        },
      ]);
    } finally {
      await withTable.stop();
    }
  });
});
