import { gzipSync } from 'node:zlib';

import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';
import { corpus } from './corpus.js';
import { shape } from './jsonShape.js';

/**
 * Emulator conformance: for the request a corpus payload records, the emulator's answer has the
 * real answer's shape (field names and casing, JSON types, error bodies). Values differ (another
 * tenant); the shape may not.
 */

/** Error code chain of an Azure error body: error.code, innererror.code, ... */
function codes(body: any): string[] {
  const out: string[] = [];
  for (let e = body?.error; e; e = e.innererror) out.push(e.code);
  return out;
}

const demo = readFixture(DEMO_TENANT);
const PROD = '5a000000-0000-4000-8000-000000000002';
const VAULT = `/subscriptions/${PROD}/resourceGroups/rg-orders/providers/Microsoft.KeyVault/vaults/kv-orders`;
const IDENTITY = `/subscriptions/${PROD}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-github-deploy`;
const WORKSPACE = '1a000000-0000-4000-8000-000000000001';
/** A workspace that never received data: the fixture gives it no table at all. */
const EMPTY_WORKSPACE = '1a000000-0000-4000-8000-0000000000ee';
demo['workspaces'].push({
  resourceId: `/subscriptions/${PROD}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-empty`,
  customerId: EMPTY_WORKSPACE,
  tables: {},
});

/** Service Fabric managed clusters: one with an application, as Applications_List's spec example has it, one with none. */
const sfCluster = (name: string) =>
  `/subscriptions/${PROD}/resourceGroups/rg-sf/providers/Microsoft.ServiceFabric/managedclusters/${name}`;
const SF_CLUSTER = sfCluster('sfmc-orders');
const SF_IDLE = sfCluster('sfmc-idle');
for (const id of [SF_CLUSTER, SF_IDLE])
  demo['resources'].push({
    id,
    name: id.split('/').pop(),
    type: 'microsoft.servicefabric/managedclusters',
    location: 'westeurope',
    resourceGroup: 'rg-sf',
    subscriptionId: PROD,
    identity: null,
    properties: {},
  });
(demo['armResources'] ??= []).push({
  id: `${SF_CLUSTER}/applications/orders`,
  name: 'orders',
  type: 'Microsoft.ServiceFabric/managedClusters/applications',
  properties: {
    provisioningState: 'Succeeded',
    version: `${SF_CLUSTER}/applicationTypes/OrdersType/versions/1.0`,
  },
});

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(demo);
  useEmulatorEnv(emulator, vi.stubEnv);
});
afterAll(() => emulator.stop());

async function call(api: 'arm' | 'logAnalytics' | 'graph', path: string, body?: unknown) {
  const audience = {
    arm: 'https://management.azure.com',
    logAnalytics: 'https://api.loganalytics.io',
    graph: 'https://graph.microsoft.com',
  }[api];
  const token = await new ManagedIdentityCredential().getToken(`${audience}/.default`);
  const res = await fetch(`${emulator.urls[api]}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

describe('the emulator answers in the real shapes', () => {
  it('diagnostic settings list (2021-05-01-preview)', async () => {
    const real = corpus('monitor/diagnostic-settings-list-category-group').payload.response.body;
    const { status, body } = await call(
      'arm',
      `${VAULT}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview`,
    );
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(Object.keys(real));
    const item = body.value[0];
    expect(Object.keys(item).sort()).toEqual(Object.keys(real.value[0]).sort());
    expect(item.type).toBe(real.value[0].type);
    for (const log of item.properties.logs) {
      expect(
        Object.keys(log).every((k) =>
          ['category', 'categoryGroup', 'enabled', 'retentionPolicy'].includes(k),
        ),
      ).toBe(true);
    }
  });

  it('refuses an api-version the service does not offer, with ARM InvalidApiVersionParameter', async () => {
    const real = corpus('arm/invalid-api-version').payload.response;
    const { status, body } = await call(
      'arm',
      `${VAULT}/providers/Microsoft.Insights/diagnosticSettings?api-version=2016-03-30`,
    );
    expect(status).toBe(real.status);
    expect(shape(body)).toEqual(shape(real.body));
    expect(body.error.code).toBe(real.body.error.code);
    expect(body.error.message).toMatch(
      /^The api-version '2016-03-30' is invalid\. The supported versions are '.+'\.$/,
    );
  });

  it('federated identity credentials over ARM, and never in Resource Graph', async () => {
    const real = corpus('msi/federated-identity-credentials-list').payload.response.body;
    const { status, body } = await call(
      'arm',
      `${IDENTITY}/federatedIdentityCredentials?api-version=2024-11-30`,
    );
    expect(status).toBe(200);
    expect(shape(body.value)).toEqual(shape(real.value));
    const arg = await call('arm', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', {
      query:
        "resources | where type =~ 'microsoft.managedidentity/userassignedidentities/federatedidentitycredentials'",
    });
    expect(arg.body.data).toEqual([]);
  });

  it('Log Analytics refuses a table the workspace lacks with the recorded SEM0100 body', async () => {
    const real = corpus('loganalytics/unknown-table-sem0100').payload.response;
    const { status, body } = await call('logAnalytics', `/workspaces/${WORKSPACE}/query`, {
      query: 'NoSuchTable | summarize count()',
      timespan: 'P1D',
    });
    expect(status).toBe(real.status);
    expect(codes(body)).toEqual(codes(real.body));
    expect(body.error.message).toBe(real.body.error.message);
    expect(body.error.innererror.innererror.message).toContain(
      "Failed to resolve table or column expression named 'NoSuchTable'",
    );
  });

  it('Log Analytics answers a query on a workspace with no data 204 with no body, as recorded', async () => {
    const real = corpus('loganalytics/no-data-204').payload;
    const token = await new ManagedIdentityCredential().getToken('https://api.loganalytics.io/.default');
    const res = await fetch(`${emulator.urls.logAnalytics}/workspaces/${EMPTY_WORKSPACE}/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(real.request.body),
    });
    expect(res.status).toBe(real.response.status);
    expect(await res.text()).toBe('');
  });

  it('Log Analytics typed columns as recorded (dynamic as JSON text, datetime as ISO text)', async () => {
    const real = corpus('loganalytics/query-with-types').payload.response.body;
    const { body } = await call('logAnalytics', `/workspaces/${WORKSPACE}/query`, {
      query: 'AZKVAuditLogs | take 1 | project TimeGenerated, Identity',
      timespan: 'P30D',
    });
    expect(Object.keys(body)).toEqual(Object.keys(real));
    expect(Object.keys(body.tables[0]).sort()).toEqual(Object.keys(real.tables[0]).sort());
    const [time, identity] = body.tables[0].rows[0];
    expect(typeof time).toBe('string');
    expect(typeof identity).toBe('string');
  });
});

/** Keys of an object, sorted: the shape check of one item. */
const keysOf = (o: unknown) => Object.keys(o as object).sort();

describe('the emulator answers the other API families in the real shapes', () => {
  it('Logs Ingestion: a gzip upload answered 204 with no body, the client request id echoed', async () => {
    const real = corpus('logsingestion/upload-204').payload;
    const token = await new ManagedIdentityCredential().getToken('https://monitor.azure.com/.default');
    const res = await fetch(
      `${emulator.urls.logsIngestion}/dataCollectionRules/dcr-conformance/streams/Custom-MyTableRawData?api-version=2023-01-01`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token.token}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'x-ms-client-request-id': 'conformance-1',
        },
        body: gzipSync(JSON.stringify(real.request.body)),
      },
    );
    expect(res.status).toBe(real.response.status);
    expect(await res.text()).toBe('');
    expect(res.headers.get('x-ms-client-request-id')).toBe('conformance-1');
    expect(res.headers.get('x-ms-request-id')).toBeTruthy();
    expect(emulator.ingested.at(-1)).toMatchObject({
      dcrImmutableId: 'dcr-conformance',
      records: real.request.body,
    });
  });

  it('Graph service-principal list: @odata.context, every property one Graph has, of the same type', async () => {
    const real = corpus('graph/serviceprincipals-list-password-credentials').payload.response.body;
    const { status, body } = await call('graph', '/v1.0/servicePrincipals');
    expect(status).toBe(200);
    expect(body['@odata.context']).toBe(real['@odata.context']);
    const item = body.value[0];
    expect(item).toBeDefined();
    expect(Array.isArray(item.passwordCredentials)).toBe(true);
    // Every property the emulator gives is one Graph has, with the same JSON type where both are set.
    for (const [k, v] of Object.entries(item as object)) {
      if (k === '@odata.type') continue;
      expect(Object.keys(real.value[0]), k).toContain(k);
      const r = real.value[0][k];
      if (v !== null && r !== null) expect(typeof v, k).toBe(typeof r);
    }
  });

  it('Graph application list: credentials as recorded, paged with an absolute @odata.nextLink', async () => {
    const real = corpus('graph/applications-list-password-credentials').payload.response.body;
    const paging = corpus('graph/list-next-link').payload.response.body;
    const first = await call('graph', '/v1.0/applications?$top=1');
    expect(first.status).toBe(200);
    expect(first.body['@odata.context']).toBe(real['@odata.context']);
    expect(first.body.value).toHaveLength(1);
    const link = String(first.body['@odata.nextLink']);
    // Like the documented link: the whole URL, the query repeated, a $skiptoken added.
    expect(new URL(link).pathname).toBe('/v1.0/applications');
    expect(new URL(link).searchParams.get('$top')).toBe('1');
    expect(link).toMatch(/\$skiptoken=/);
    expect(String(paging['@odata.nextLink'])).toMatch(/\$skiptoken=/);
    const second = await call('graph', link.slice(emulator.urls.graph.length));
    expect(second.body.value[0].id).not.toBe(first.body.value[0].id);
    const all = await call(
      'graph',
      '/v1.0/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials',
    );
    const withSecret = (all.body.value as any[]).find((a) => a.passwordCredentials?.length);
    expect(keysOf(withSecret.passwordCredentials[0])).toEqual(keysOf(real.value[0].passwordCredentials[0]));
    expect(keysOf(withSecret)).toEqual([
      'appId',
      'displayName',
      'id',
      'keyCredentials',
      'passwordCredentials',
    ]);
  });
});

describe('the emulator refuses and degrades in the real shapes', () => {
  let restricted: RunningEmulator;
  beforeAll(async () => {
    restricted = await startTestEmulator({
      ...demo,
      auditor: { ...demo.auditor, graphPermissions: [] },
      faults: [{ api: 'logAnalytics', workspace: WORKSPACE, partialError: 'cut short for conformance' }],
    });
  });
  afterAll(() => restricted?.stop());

  async function callRestricted(api: 'logAnalytics' | 'graph', path: string, body?: unknown) {
    // Each emulator signs its own tokens: ask the restricted one (App Service protocol, corpus
    // identity/app-service-token).
    const audience = { logAnalytics: 'https://api.loganalytics.io', graph: 'https://graph.microsoft.com' }[
      api
    ];
    const tokenRes = await fetch(
      `${restricted.env['IDENTITY_ENDPOINT']}?resource=${encodeURIComponent(audience)}&api-version=2019-08-01`,
      { headers: { 'x-identity-header': restricted.env['IDENTITY_HEADER'] ?? '' } },
    );
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const res = await fetch(`${restricted.urls[api]}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json() };
  }

  it('Graph: a list without Application.Read.All is 403 Authorization_RequestDenied as recorded', async () => {
    const real = corpus('graph/authorization-request-denied').payload.response;
    const { status, body } = await callRestricted('graph', '/v1.0/applications');
    expect(status).toBe(real.status);
    expect(shape(body)).toEqual(shape(real.body));
    expect(body.error.code).toBe(real.body.error.code);
    expect(body.error.message).toBe(real.body.error.message);
  });

  it('Log Analytics: a partial answer is 200 with tables and a PartialError with details', async () => {
    const real = corpus('loganalytics/partial-error').payload.response;
    const { status, body } = await callRestricted('logAnalytics', `/workspaces/${WORKSPACE}/query`, {
      query: 'AZKVAuditLogs | take 1 | project OperationName',
      timespan: 'P30D',
    });
    expect(status).toBe(real.status);
    expect(Object.keys(body).sort()).toEqual(Object.keys(real.body).sort());
    expect(Object.keys(body.tables[0]).sort()).toEqual(Object.keys(real.body.tables[0]).sort());
    expect(body.error.code).toBe(real.body.error.code);
    expect(keysOf(body.error)).toEqual(keysOf(real.body.error));
    expect(Array.isArray(body.error.details)).toBe(true);
  });
});

describe('the emulator keeps the api-version gate and refusals of the real services', () => {
  it('Resource Graph: refuses an api-version no resourcegraph.json defines for /resources, before the quota counts', async () => {
    const real = corpus('arm/invalid-api-version').payload.response;
    // 2020-09-01-preview defines only resourceChanges (emulator/arm/apiVersions.ts names the folders).
    const { status, body } = await call(
      'arm',
      '/providers/Microsoft.ResourceGraph/resources?api-version=2020-09-01-preview',
      { query: 'resources | take 1' },
    );
    expect(status).toBe(real.status);
    expect(shape(body)).toEqual(shape(real.body));
    expect(body.error.code).toBe('InvalidApiVersionParameter');
    expect(body.error.message).toContain("'2024-04-01,2022-10-01,");
    const ok = await call('arm', '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01', {
      query: 'resources | take 1',
    });
    expect(ok.status).toBe(200);
  });

  it('Log Analytics: a resource the auditor may not read is 403 InsufficientAccessError as documented', async () => {
    const real = corpus('loganalytics/insufficient-access-403').payload.response;
    const foreign =
      '/subscriptions/00000000-0000-4000-8000-0000000000ff/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-foreign';
    const { status, body } = await call('logAnalytics', `${foreign}/query`, {
      query: 'AzureDiagnostics | take 1',
      timespan: 'P1D',
    });
    expect(status).toBe(real.status);
    expect(body.error.code).toBe(real.body.error.code);
    expect(body.error.message).toBe(real.body.error.message);
    // The documented keys, plus the correlationId the recorded bodies carry.
    expect(Object.keys(body.error)).toEqual(expect.arrayContaining(Object.keys(real.body.error)));
  });
});

describe('the emulator serves ARM children in the real shapes', () => {
  it('App Service publishing policies: a list of ftp and scm children as the spec example', async () => {
    const real = corpus('arm/publishing-credentials-policies-list').payload.response.body;
    const site =
      '/subscriptions/5a000000-0000-4000-8000-000000000001/resourceGroups/rg-audit/providers/Microsoft.Web/sites/func-mi-auditor';
    const { status, body } = await call(
      'arm',
      `${site}/basicPublishingCredentialsPolicies?api-version=2023-12-01`,
    );
    expect(status).toBe(200);
    expect(shape(body.value)).toEqual(shape(real.value));
    expect((body.value as { name: string }[]).map((p) => p.name).sort()).toEqual(['ftp', 'scm']);
  });

  it("Service Fabric managed cluster applications: the spec example's item shape, and an empty list for a cluster without any", async () => {
    const real = corpus('arm/service-fabric-managed-cluster-applications-list').payload.response.body;
    const { status, body } = await call('arm', `${SF_CLUSTER}/applications?api-version=2024-04-01`);
    expect(status).toBe(200);
    expect(shape(body.value)).toEqual(shape(real.value));
    expect(body.value[0].type).toBe(real.value[0].type);
    const idle = await call('arm', `${SF_IDLE}/applications?api-version=2024-04-01`);
    expect(idle).toEqual({ status: 200, body: { value: [] } });
    // A cluster that does not exist is 404, as ARM answers for a missing parent.
    const gone = sfCluster('sfmc-gone');
    expect((await call('arm', `${gone}/applications?api-version=2024-04-01`)).status).toBe(404);
  });

  it('PIM role assignment schedule instances: the keys the spec example has, one per role assignment', async () => {
    const real = corpus('authorization/role-assignment-schedule-instances-by-scope').payload.response.body;
    const { status, body } = await call(
      'arm',
      `/subscriptions/${PROD}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?api-version=2020-10-01`,
    );
    expect(status).toBe(200);
    const item = body.value[0];
    expect(Object.keys(item).sort()).toEqual(Object.keys(real.value[0]).sort());
    expect(item.type).toBe(real.value[0].type);
    // Every key the emulator gives is one the real instance has (the example's expanded properties,
    // eligibility links and condition are left out where the fixture has none).
    for (const k of Object.keys(item.properties)) expect(Object.keys(real.value[0].properties)).toContain(k);
    expect(item.properties.assignmentType).toBe('Assigned');
    expect(body.value.length).toBeGreaterThan(0);
  });
});
