import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { ManagedIdentityCredential } from '@azure/identity';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

const demo = readFixture(DEMO_TENANT);
const PROD = '5a000000-0000-4000-8000-000000000002';
const WORKSPACE = '1a000000-0000-4000-8000-000000000001';
const ARM_SCOPE = 'https://management.azure.com/.default';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(
    {
      ...demo,
      faults: [
        {
          api: 'logAnalytics',
          workspace: 'feedface-0000-4000-8000-000000000000',
          partialError: 'never used',
        },
      ],
    },
    { armPageSize: 5 },
  );
  useEmulatorEnv(emulator, vi.stubEnv);
});
afterAll(() => emulator?.stop()); // undefined when the start failed: its own error is the one to see

const credential = () => new ManagedIdentityCredential();

describe('managed identity endpoint', () => {
  it("issues an RS256 token with a managed identity's claims to a system-assigned credential", async () => {
    const token = await credential().getToken(ARM_SCOPE);
    const [header, payload] = token.token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      aud: 'https://management.azure.com',
      iss: `https://sts.windows.net/${demo.tenantId}/`,
      oid: demo.auditor.principalId,
      appid: demo.auditor.clientId,
      tid: demo.tenantId,
      idtyp: 'app',
      xms_mirid: demo.auditor.resourceId,
    });
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3_600_000);
  });

  it('serves a user-assigned identity selected by client id, and refuses another one', async () => {
    const uai = {
      ...demo,
      auditor: {
        ...demo.auditor,
        kind: 'UserAssigned',
        resourceId:
          '/subscriptions/x/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-auditor',
      },
    };
    const other = await startTestEmulator(uai);
    try {
      const ok = await fetch(
        `${other.urls.identity}?api-version=2019-08-01&resource=https://management.azure.com&client_id=${demo.auditor.clientId}`,
        {
          headers: { 'x-identity-header': other.env['IDENTITY_HEADER']! },
        },
      );
      expect(ok.status).toBe(200);
      const wrong = await fetch(
        `${other.urls.identity}?api-version=2019-08-01&resource=https://management.azure.com&client_id=00000000-0000-4000-8000-000000000000`,
        {
          headers: { 'x-identity-header': other.env['IDENTITY_HEADER']! },
        },
      );
      expect(wrong.status).toBe(400);
      const byResource = await fetch(
        `${other.urls.identity}?api-version=2019-08-01&resource=https://management.azure.com&mi_res_id=${encodeURIComponent(uai.auditor.resourceId)}`,
        {
          headers: { 'x-identity-header': other.env['IDENTITY_HEADER']! },
        },
      );
      expect(byResource.status).toBe(200);
    } finally {
      await other.stop();
    }
  });

  it('answers the IMDS shape for VMs and requires the Metadata header', async () => {
    const base = emulator.urls.identity.replace('/msi/token', '');
    const ok = await fetch(
      `${base}/metadata/identity/oauth2/token/?api-version=2018-02-01&resource=https://management.azure.com`,
      { headers: { metadata: 'true' } },
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      token_type: 'Bearer',
      resource: 'https://management.azure.com',
      expires_in: expect.any(String),
    });
    expect(
      (
        await fetch(
          `${base}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com`,
        )
      ).status,
    ).toBe(400);
  });

  it('publishes OpenID configuration and the signing keys', async () => {
    const config = await (
      await fetch(`${emulator.urls.arm}/${demo.tenantId}/.well-known/openid-configuration`)
    ).json();
    const keys = await (await fetch(config.jwks_uri)).json();
    expect(keys.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: emulator.issuer.keyId });
  });
});

describe('token validation', () => {
  const post = (token: string | undefined) =>
    fetch(`${emulator.urls.arm}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: 'resources | take 1' }),
    });
  const identity = {
    tenantId: demo.tenantId,
    principalId: demo.auditor.principalId,
    clientId: demo.auditor.clientId,
    resourceId: demo.auditor.resourceId,
  };

  it("refuses a token for another audience with 401 and ARM's error body", async () => {
    const { token } = await emulator.issuer.issue(identity, 'https://api.loganalytics.io');
    const res = await post(token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'InvalidAuthenticationTokenAudience' } });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=/);
  });

  it('refuses an expired token', async () => {
    const { token } = await emulator.issuer.issue(identity, 'https://management.azure.com', -120);
    const res = await post(token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'ExpiredAuthenticationToken' } });
  });

  it('refuses an unsigned token and a missing one', async () => {
    const { token } = await emulator.issuer.issue(identity, 'https://management.azure.com');
    const [h, p] = token.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(h!, 'base64url').toString()), alg: 'none' })).toString('base64url')}.${p}.`;
    expect((await post(unsigned)).status).toBe(401);
    expect((await post(undefined)).status).toBe(401);
  });
});

describe('Resource Graph', () => {
  // Federated identity credentials are not rows of ARG's resources table (supported-tables-resources);
  // the emulator serves them over ARM only. Batch pools are rows of `batchresources`, not `resources`.
  const graphRows = (demo.resources as { type: string }[]).filter(
    (r) =>
      !/\/federatedidentitycredentials$/i.test(r.type) && r.type !== 'microsoft.batch/batchaccounts/pools',
  ).length;
  const client = () => new ResourceGraphClient(credential(), { endpoint: emulator.urls.arm });

  it('pages with $top and $skipToken until every row is read', async () => {
    const ids: string[] = [];
    let skipToken: string | undefined;
    do {
      const page = await client().resources({
        query: 'resources | project id, name | order by id asc',
        options: { top: 7, ...(skipToken ? { skipToken } : {}) },
      });
      expect(page.totalRecords).toBe(graphRows);
      ids.push(...(page.data as { id: string }[]).map((r) => r.id));
      skipToken = page.skipToken;
    } while (skipToken);
    expect(ids).toHaveLength(graphRows);
    expect(new Set(ids).size).toBe(graphRows);
  });

  it('does not page a query with take, and says the result is truncated', async () => {
    const page = await client().resources({
      query: 'resources | project id | take 50',
      options: { top: 10 },
    });
    expect(page).toMatchObject({ count: 10, totalRecords: Math.min(50, graphRows), resultTruncated: 'true' });
    expect(page.skipToken).toBeUndefined();
  });

  it('limits rows to the subscriptions asked for, and serves resourcecontainers', async () => {
    const page = await client().resources({
      query: 'resources | summarize n = count() by subscriptionId',
      subscriptions: [PROD],
    });
    expect(page.data).toEqual([{ subscriptionId: PROD, n: expect.any(Number) }]);
    const subs = await client().resources({
      query:
        "resourcecontainers | where type == 'microsoft.resources/subscriptions' | project name, subscriptionId, chain = properties.managementGroupAncestorsChain | order by subscriptionId asc",
    });
    expect((subs.data as { name: string }[]).map((s) => s.name)).toEqual(['Platform', 'Prod', 'Dev', 'Prod']);
  });

  it('returns the table format with ARG column types', async () => {
    const page = await client().resources({
      query: 'resources | project id, n = 1, identity | take 1',
      options: { resultFormat: 'table' },
    });
    expect((page.data as { columns: unknown[] }).columns).toEqual([
      { name: 'id', type: 'string' },
      { name: 'n', type: 'integer' },
      { name: 'identity', type: 'object' },
    ]);
  });

  it('serves role assignments from authorizationresources with authorizationScopeFilter', async () => {
    const q = "authorizationresources | where type == 'microsoft.authorization/roleassignments' | count";
    const below = await client().resources({ query: q, subscriptions: [PROD] });
    const above = await client().resources({
      query: q,
      subscriptions: [PROD],
      options: { authorizationScopeFilter: 'AtScopeAndAbove' },
    });
    // By hand from the demo tenant: 8 assignments at or below Prod; 4 at it, 1 on landing-zones, 2 at the root above.
    expect((below.data as { Count: number }[])[0]!.Count).toBe(8);
    expect((above.data as { Count: number }[])[0]!.Count).toBe(7);
  });

  it("answers a bad query with 400 and ARG's error shape", async () => {
    await expect(client().resources({ query: 'resources | where' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
    });
  });

  it('sends the quota headers, throttles past the quota with 429 + Retry-After, and the client retries', async () => {
    const small = await startTestEmulator(demo, { quota: { requests: 2, windowMs: 1000 } });
    try {
      const c = new ResourceGraphClient(credential(), { endpoint: small.urls.arm });
      for (let i = 0; i < 3; i++) await c.resources({ query: 'resources | take 1' });
      expect(small.throttled()).toBe(1);
      expect(small.apiCalls['resourceGraph']).toBe(4);
      const raw = await fetch(
        `${small.urls.arm}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${(await credential().getToken(ARM_SCOPE)).token}`,
          },
          body: JSON.stringify({ query: 'resources | take 1' }),
        },
      );
      expect(raw.headers.get('x-ms-user-quota-remaining')).toMatch(/^\d+$/);
      // hh:mm:ss as documented; the emulator adds a TimeSpan fraction so shrunk windows stay exact.
      expect(raw.headers.get('x-ms-user-quota-resets-after')).toMatch(/^\d\d:\d\d:\d\d(\.\d{7})?$/);
    } finally {
      await small.stop();
    }
  });
});

describe('Microsoft.Authorization', () => {
  const client = () =>
    new AuthorizationManagementClient(credential(), PROD, {
      endpoint: emulator.urls.arm,
      credentialScopes: [ARM_SCOPE],
    });

  it('lists role assignments for a subscription at, above and below it, following nextLink', async () => {
    const all = [];
    for await (const a of client().roleAssignments.listForSubscription()) all.push(a);
    expect(all).toHaveLength(11);
    expect(all.map((a) => a.scope)).toContain(
      '/providers/Microsoft.Management/managementGroups/landing-zones',
    );
    expect(all.map((a) => a.scope)).toContain(`/subscriptions/${PROD}/resourceGroups/rg-orders`);
  });

  it('honours atScope() and principalId eq', async () => {
    const atScope = [];
    for await (const a of client().roleAssignments.listForScope(`/subscriptions/${PROD}`, {
      filter: 'atScope()',
    }))
      atScope.push(a);
    expect(atScope.every((a) => !a.scope!.includes('resourceGroups'))).toBe(true);
    const ann = [];
    for await (const a of client().roleAssignments.listForScope(`/subscriptions/${PROD}`, {
      filter: "principalId eq 'b2000000-0000-4000-8000-000000000001'",
    }))
      ann.push(a);
    expect(ann).toHaveLength(1);
  });

  it('lists at management-group scope', async () => {
    const mg = [];
    for await (const a of client().roleAssignments.listForScope(
      '/providers/Microsoft.Management/managementGroups/platform',
      { filter: 'atScope()' },
    ))
      mg.push(a);
    expect(mg.map((a) => a.principalId).sort()).toEqual([
      'a1000000-0000-4000-8000-000000000001',
      'a1000000-0000-4000-8000-000000000001',
      'b2000000-0000-4000-8000-000000000004',
      'b2000000-0000-4000-8000-000000000005',
    ]);
  });

  it("lists built-in and custom role definitions with Azure's permissions", async () => {
    const roles = [];
    for await (const r of client().roleDefinitions.list(`/subscriptions/${PROD}`)) roles.push(r);
    const contributor = roles.find((r) => r.roleName === 'Contributor')!;
    expect(contributor.id).toBe(
      `/subscriptions/${PROD}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
    );
    expect(contributor.permissions![0]!.notActions).toContain('Microsoft.Authorization/*/Write');
    expect(roles.find((r) => r.roleName === 'Platform Operator')?.roleType).toBe('CustomRole');
    const owner = await client().roleDefinitions.getById(
      '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    );
    expect(owner.permissions![0]!.actions).toEqual(['*']);
  });

  it('lists PIM eligibility schedules', async () => {
    const items = [];
    for await (const e of client().roleEligibilitySchedules.listForScope(`/subscriptions/${PROD}`))
      items.push(e);
    expect(items).toMatchObject([
      { principalId: 'b2000000-0000-4000-8000-000000000005', principalType: 'User' },
    ]);
  });

  it('serves diagnostic settings of a vault', async () => {
    const token = await credential().getToken(ARM_SCOPE);
    const vault = demo.resources.find((r: { name: string }) => r.name === 'kv-orders').id;
    const res = await fetch(
      `${emulator.urls.arm}${vault}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview`,
      { headers: { authorization: `Bearer ${token.token}` } },
    );
    expect((await res.json()).value[0]).toMatchObject({
      name: 'audit-to-law',
      properties: { logs: [{ categoryGroup: 'audit', enabled: true }] },
    });
  });
});

describe('Log Analytics', () => {
  const client = () => new LogsQueryClient(credential(), { endpoint: emulator.urls.logAnalytics });

  it('runs a query over the workspace with the timespan against the fixture clock', async () => {
    const result = await client().queryWorkspace(
      WORKSPACE,
      'AZKVAuditLogs | summarize n = count() by OperationName | order by OperationName asc',
      { duration: 'P7D' },
    );
    expect(result.status).toBe(LogsQueryResultStatus.Success);
    if (result.status !== LogsQueryResultStatus.Success) return;
    const rows = Object.fromEntries(result.tables[0]!.rows.map((r) => [r[0], r[1]]));
    expect(rows['KeyBackup']).toBeUndefined();
    expect(rows['SecretGet']).toBe(158);
  });

  it('types columns and converts datetime and dynamic values as Azure does', async () => {
    const result = await client().queryWorkspace(
      WORKSPACE,
      'AZKVAuditLogs | take 1 | project TimeGenerated, Identity, HttpStatusCode',
      { duration: 'P30D' },
    );
    if (result.status !== LogsQueryResultStatus.Success) throw new Error('expected success');
    expect(result.tables[0]!.columnDescriptors.map((c) => c.type)).toEqual(['datetime', 'dynamic', 'int']);
    expect(result.tables[0]!.rows[0]![0]).toBeInstanceOf(Date);
    expect(typeof result.tables[0]!.rows[0]![1]).toBe('object');
  });

  it('reports a partial error as 200 with the error beside the tables', async () => {
    const partial = await startTestEmulator({
      ...demo,
      faults: [{ api: 'logAnalytics', workspace: WORKSPACE, partialError: 'query exceeded the limit' }],
    });
    try {
      const c = new LogsQueryClient(credential(), { endpoint: partial.urls.logAnalytics });
      const result = await c.queryWorkspace(WORKSPACE, 'AZKVAuditLogs | count', { duration: 'P1D' });
      expect(result.status).toBe(LogsQueryResultStatus.PartialFailure);
    } finally {
      await partial.stop();
    }
  });

  it('answers a bad query with 400 and names the problem', async () => {
    await expect(
      client().queryWorkspace(WORKSPACE, 'AZKVAuditLogs | where NoSuchColumn == 1', { duration: 'P1D' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadArgumentError',
    });
  });

  it('serves resource-centric queries', async () => {
    const vault = demo.resources.find((r: { name: string }) => r.name === 'kv-platform').id;
    const result = await client().queryResource(vault, 'AzureDiagnostics | count', { duration: 'P7D' });
    if (result.status !== LogsQueryResultStatus.Success) throw new Error('expected success');
    expect(result.tables[0]!.rows[0]![0]).toBeGreaterThan(0);
  });
});

describe('Microsoft Graph', () => {
  const getByIds = async (query = '') => {
    const token = await credential().getToken('https://graph.microsoft.com/.default');
    const res = await fetch(`${emulator.urls.graph}/v1.0/directoryObjects/getByIds${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ids: ['b2000000-0000-4000-8000-000000000006', '99999999-0000-4000-8000-000000000001'],
      }),
    });
    return res.json();
  };

  it('returns the directory objects it knows and leaves unknown ids out', async () => {
    const body = await getByIds('?$select=id,displayName,userType');
    expect(body.value).toHaveLength(1);
    expect(body.value[0]).toMatchObject({ '@odata.type': '#microsoft.graph.user', userType: 'Guest' });
  });

  it('answers users with the default property set, without userType, unless $select names it (known issue)', async () => {
    const body = await getByIds();
    expect(body['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#directoryObjects');
    expect(body.value[0]['@odata.type']).toBe('#microsoft.graph.user');
    expect(body.value[0]).not.toHaveProperty('userType');
  });
});
