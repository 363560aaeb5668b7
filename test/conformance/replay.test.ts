import { describe, expect, it } from 'vitest';

import { auditSetting } from '../../src/checks/kv-audit-logging-missing/evaluate.js';
import { kindOfEntry } from '../../src/checks/lib/principalKind.js';
import { listFederatedCredentials } from '../../src/collect/listFederatedCredentials.js';
import { listRoleDefinitions, listRoleEligibilities } from '../../src/collect/listRoleData.js';
import { lookupPrincipals } from '../../src/collect/lookupPrincipals.js';
import { listRoleActivations } from '../../src/collect/roleActivations.js';
import { queryKeyVaultLogs } from '../../src/collect/queryKeyVaultLogs.js';
import { readDiagnosticSettings } from '../../src/collect/readDiagnosticSettings.js';
import { corpus } from './corpus.js';
import { KEY_VAULT_AGGREGATE_COLUMNS } from './keyVaultAggregateColumns.js';
import { useReplayHarness } from './replayHarness.js';
import type { ReplayRoute } from './replayServer.js';

/**
 * Replay: real Azure responses from the corpus, served over HTTPS to the real collectors and the
 * real `@azure/*` clients. Each test here is one of the real-Azure behaviours issue #12 found the
 * product got wrong; each fails against the code before its fix.
 */

const replay = useReplayHarness();
const { serve } = replay;
const lastRequestTo = (path: string) => replay.requestsTo(path).at(-1);

describe('diagnostic settings (defect 1: api-version)', () => {
  const categoryGroup = corpus('monitor/diagnostic-settings-list-category-group').payload;
  const partner = corpus('monitor/diagnostic-setting-marketplace-partner').payload;
  const vault =
    '/subscriptions/1a66ce04-b633-4a0b-b2bc-a912ec8986a6/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-group';
  const partnerVault = vault.replace('kv-group', 'kv-partner');

  // The older contract (2017-05-01-preview) has neither categoryGroup nor marketplacePartnerId: a
  // service answering it drops them (Azure/azure-powershell#17851; ansible-collections/azure#188).
  const byVersion = (body: any) => (req: Parameters<ReplayRoute>[0]) => {
    if (req.query.get('api-version') === '2021-05-01-preview') return { status: 200, body };
    return {
      status: 200,
      body: {
        value: body.value.map((s: any) => {
          const { marketplacePartnerId: _drop, ...properties } = s.properties;
          return {
            ...s,
            properties: { ...properties, logs: properties.logs.filter((l: any) => l.category) },
          };
        }),
      },
    };
  };

  it('reads category-group logging at 2021-05-01-preview, so a vault logged with allLogs is logged', async () => {
    serve(
      'GET',
      `${vault}/providers/Microsoft.Insights/diagnosticSettings`,
      byVersion(categoryGroup.response.body),
    );
    const result = await readDiagnosticSettings(replay.clients, [vault]);
    expect(result.errors).toEqual([]);
    expect(
      lastRequestTo(`${vault}/providers/Microsoft.Insights/diagnosticSettings`)?.query.get('api-version'),
    ).toBe('2021-05-01-preview');
    const settings = result.items[0]!.settings;
    expect(settings[0]!.logs).toEqual([{ category: null, categoryGroup: 'allLogs', enabled: true }]);
    expect(auditSetting(settings)?.name).toBe('mysetting');
  });

  it('keeps a marketplace partner destination', async () => {
    serve(
      'GET',
      `${partnerVault}/providers/Microsoft.Insights/diagnosticSettings`,
      byVersion(partner.response.body),
    );
    const result = await readDiagnosticSettings(replay.clients, [partnerVault]);
    expect(result.items[0]!.settings[0]!.marketplacePartnerId).toBe(
      '/subscriptions/abcdeabc-1234-1234-ab12-123a1234567a/resourceGroups/test-rg/providers/Microsoft.Datadog/monitors/dd1',
    );
  });
});

describe('Log Analytics (defect 2: absent tables, SEM0100)', () => {
  const sem0100 = corpus('loganalytics/unknown-table-sem0100').payload;
  const typed = corpus('loganalytics/query-with-types').payload;
  const window = {
    start: new Date('2026-11-13T06:00:00Z'),
    end: new Date('2026-11-20T06:00:00Z'),
    duration: 'P7D',
  };
  const ws = (id: string) => ({
    resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/${id}`,
    customerId: id,
    subscriptionId: 's',
  });
  /** SEM0100 exactly as recorded, naming the first table the query reads that the workspace lacks. */
  const refuseMissing = (present: string[]) => (req: Parameters<ReplayRoute>[0]) => {
    const query = String(JSON.parse(req.body).query);
    const missing = ['AZKVAuditLogs', 'AzureDiagnostics'].find(
      (t) => query.includes(t) && !present.includes(t),
    );
    if (missing && !/isfuzzy\s*=\s*true/.test(query)) {
      const body = structuredClone(sem0100.response.body);
      body.error.innererror.innererror.message = body.error.innererror.innererror.message.replace(
        'resource',
        missing,
      );
      return { status: 400, body };
    }
    // The typed-columns recording's shape: dynamic as JSON text, datetime as ISO text.
    return {
      status: 200,
      body: {
        tables: [
          {
            name: typed.response.body.tables[0].name,
            columns: KEY_VAULT_AGGREGATE_COLUMNS,
            rows: [
              [
                '/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1',
                'SecretGet',
                200,
                'o1',
                3,
                2,
                '["10.0.0.4"]',
                '2026-11-19T01:00:00Z',
                '2026-11-19T02:00:00Z',
                `["${present[0]}"]`,
                'o1',
                'a1',
                '',
                'app',
                '',
              ],
            ],
          },
        ],
      },
    };
  };

  it('reads a workspace that holds only AzureDiagnostics without an error', async () => {
    serve('POST', '/v1/workspaces/ws-legacy/query', refuseMissing(['AzureDiagnostics']));
    const logs = await queryKeyVaultLogs(replay.clients, [ws('ws-legacy')], window);
    expect(logs.errors).toEqual([]);
    expect(logs.workspaces).toMatchObject([{ customerId: 'ws-legacy', read: true }]);
    expect(logs.aggregates).toMatchObject([
      { callerObjectId: 'o1', distinctObjects: 2, callerIps: ['10.0.0.4'], tables: ['AzureDiagnostics'] },
    ]);
  });

  it('reads a workspace that holds only AZKVAuditLogs without an error', async () => {
    serve('POST', '/v1/workspaces/ws-specific/query', refuseMissing(['AZKVAuditLogs']));
    const logs = await queryKeyVaultLogs(replay.clients, [ws('ws-specific')], window);
    expect(logs.errors).toEqual([]);
    expect(logs.aggregates[0]?.tables).toEqual(['AZKVAuditLogs']);
  });

  /**
   * A fuzzy union over a table the workspace lacks answers 200 and still says so: "any resolution
   * failure yields a warning in the query status results" (Kusto, union operator), which Log
   * Analytics carries as a PartialError of EngineError details (shape: Azure/azure-sdk-for-python
   * #25137; "The Union operator started throwing warning for missing tables, even if we use
   * isFuzzy", microsoft/Application-Insights-Workbooks#810).
   */
  const warnMissing = (present: string[], extra?: string) => (req: Parameters<ReplayRoute>[0]) => {
    const answer = refuseMissing(present)(req);
    const query = String(JSON.parse(req.body).query);
    const warnings = ['AZKVAuditLogs', 'AzureDiagnostics']
      .filter((t) => query.includes(t) && !present.includes(t))
      .map((t) => `Failed to resolve table or column expression named '${t}'`);
    if (extra) warnings.push(extra);
    if (!warnings.length || answer.status !== 200) return answer;
    return {
      ...answer,
      body: {
        ...answer.body,
        error: {
          code: 'PartialError',
          message: 'There were some errors when processing your query.',
          details: warnings.map((message) => ({
            code: 'EngineError',
            message: 'Something went wrong processing your query on the server.',
            innererror: { code: '-2133196790', message, severity: 3, severityName: 'Warning' },
          })),
        },
      },
    };
  };

  it('reads a workspace that lacks one table without an error when the fuzzy union warns of it', async () => {
    serve('POST', '/v1/workspaces/ws-warned/query', warnMissing(['AzureDiagnostics']));
    const logs = await queryKeyVaultLogs(replay.clients, [ws('ws-warned')], window);
    expect(logs.errors).toEqual([]);
    expect(logs.workspaces).toMatchObject([{ customerId: 'ws-warned', read: true }]);
    expect(logs.aggregates).toMatchObject([{ callerObjectId: 'o1', tables: ['AzureDiagnostics'] }]);
  });

  it('still records any other warning of a partial answer: an operand it dropped may have held rows', async () => {
    serve(
      'POST',
      '/v1/workspaces/ws-column/query',
      warnMissing(
        ['AzureDiagnostics'],
        "'project' operator: Failed to resolve scalar expression named 'Identity'",
      ),
    );
    const logs = await queryKeyVaultLogs(replay.clients, [ws('ws-column')], window);
    expect(logs.errors).toMatchObject([{ source: 'keyVaultLogs', code: 'PartialError' }]);
  });

  it('keeps the SEM0100 code and text in the coverage message of a query Log Analytics refuses', async () => {
    serve('POST', '/v1/workspaces/ws-broken/query', () => sem0100.response);
    const logs = await queryKeyVaultLogs(replay.clients, [ws('ws-broken')], window);
    expect(logs.workspaces[0]?.read).toBe(false);
    expect(logs.errors).toHaveLength(1);
    expect(logs.errors[0]).toMatchObject({ statusCode: 400 });
    expect(logs.errors[0]!.message).toContain('SEM0100');
    expect(logs.errors[0]!.message).toContain(
      "Failed to resolve table or column expression named 'resource'",
    );
  });
});

describe('Microsoft Graph getByIds (defect 3: $select)', () => {
  const recorded = corpus('graph/getbyids-default-user-properties').payload;
  it('asks for userType, so a guest whose UPN lacks #EXT# is a guest', async () => {
    const guest = { ...recorded.response.body.value[0], id: '84b80893-8749-40a3-97b7-68513b600544' };
    serve('POST', '/v1.0/directoryObjects/getByIds', (req) => {
      const select = (req.query.get('$select') ?? '').split(',');
      // Without $select, v1.0 answers the default user set: no userType (the known issue).
      const value = select.includes('userType')
        ? [{ ...guest, userType: 'Guest', userPrincipalName: 'trevor@fabrikam.com' }]
        : [guest];
      return { status: 200, body: { ...recorded.response.body, value } };
    });
    const directory = await lookupPrincipals(replay.clients, [guest.id]);
    const entry = directory.principals[guest.id]!;
    expect(entry.userType).toBe('Guest');
    expect(kindOfEntry(entry)).toBe('guest');
  });

  it('waits out a 429 and asks again, as Graph asks its clients to, instead of losing the directory', async () => {
    // "Microsoft Graph throttling guidance": wait the Retry-After, then retry. Before, getByIds went
    // over a bare fetch and one 429 left every role and secrets check `error`.
    const user = { ...recorded.response.body.value[0], id: '84b80893-8749-40a3-97b7-68513b600545' };
    let calls = 0;
    serve('POST', '/v1.0/directoryObjects/getByIds', () =>
      ++calls === 1
        ? {
            status: 429,
            headers: { 'retry-after': '1' },
            body: { error: { code: 'TooManyRequests', message: 'Too many requests' } },
          }
        : { status: 200, body: { ...recorded.response.body, value: [user] } },
    );
    const directory = await lookupPrincipals(replay.clients, [user.id]);
    expect(directory.errors).toEqual([]);
    expect(directory.principals[user.id]).toBeDefined();
    expect(calls).toBe(2);
  });
});

describe('federated identity credentials (defect 4: ARM, not Resource Graph)', () => {
  const recorded = corpus('msi/federated-identity-credentials-list').payload;
  const identity =
    '/subscriptions/c267c0e7-0a73-4789-9e17-d26aeb0904e5/resourceGroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/resourceName';
  it('lists them on the identity over ARM, following nextLink', async () => {
    serve('GET', `${identity}/federatedIdentityCredentials`, (req) =>
      req.query.get('$skipToken') ? { status: 200, body: { value: [] } } : recorded.response,
    );
    const result = await listFederatedCredentials(replay.clients, [identity]);
    expect(result.errors).toEqual([]);
    expect(result.items).toEqual([
      {
        id: recorded.response.body.value[0].id,
        identityId: identity,
        name: 'ficResourceName',
        issuer: 'https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID',
        subject: 'system:serviceaccount:ns:svcaccount',
        audiences: ['api://AzureADTokenExchange'],
      },
    ]);
    expect(lastRequestTo(`${identity}/federatedIdentityCredentials`)?.query.get('api-version')).toBe(
      '2024-11-30',
    );
  });
});

describe('PIM eligibility (defect 5: dates kept)', () => {
  const recorded = corpus('authorization/role-eligibility-schedules-by-scope').payload;
  const sub = 'dfa2a084-766f-4003-8ae1-c4aeb893a99f';
  it('keeps startDateTime and endDateTime, which the client turns into Date objects, as ISO strings', async () => {
    serve(
      'GET',
      `/subscriptions/${sub}/providers/Microsoft.Authorization/roleEligibilitySchedules`,
      () => recorded.response,
    );
    const result = await listRoleEligibilities(replay.clients, [sub], new Date('2021-01-01T00:00:00Z'));
    expect(result.items).toMatchObject([
      {
        startDateTime: '2020-09-09T21:33:14.557Z',
        endDateTime: '2021-09-09T21:32:28.490Z',
        status: 'Provisioned',
      },
    ]);
  });

  it('does not count an eligibility that starts after the audit as in effect', async () => {
    const result = await listRoleEligibilities(replay.clients, [sub], new Date('2020-09-01T00:00:00Z'));
    expect(result.errors).toEqual([]);
    expect(result.items).toEqual([]);
  });
});

describe('PIM activations (role assignment schedule instances)', () => {
  const recorded = corpus('authorization/role-assignment-schedule-instances-by-scope').payload;
  const sub = 'dfa2a084-766f-4003-8ae1-c4aeb893a99f';
  const eligibility = {
    id: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleEligibilitySchedules/b1477448-2cc6-4ceb-93b4-54a202a89413`,
    scope: `/subscriptions/${sub}`,
    roleDefinitionGuid: 'c8d4ff99-41c3-41a8-9f60-21dfdad59608',
    principalId: 'a3bb8764-cb92-4276-9d2a-ca1e895e55ea',
    principalType: 'User',
  };
  const path = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances`;

  it("reads the spec example's instance, assignmentType Assigned, as no activation", async () => {
    serve('GET', path, () => recorded.response);
    const result = await listRoleActivations(replay.clients, [eligibility], sub);
    expect(result).toEqual({ items: [], errors: [] });
  });

  it('reads the same instance marked Activated as the activation of the role assignment it names', async () => {
    // The recorded body with one value changed: assignmentType is an enum of Assigned and Activated.
    const activated = structuredClone(recorded.response);
    activated.body.value[0].properties.assignmentType = 'Activated';
    serve('GET', path, () => activated);
    const result = await listRoleActivations(replay.clients, [eligibility], sub);
    expect(result.errors).toEqual([]);
    expect(result.items.map((a) => a.key)).toEqual([
      `/subscriptions/${sub}/providers/microsoft.authorization/roleassignments/ed9b8180-cef7-4c77-a63c-b8566ecfc412`,
    ]);
  });
});

describe('role definitions (defect 6: atScopeAndBelow)', () => {
  const recorded = corpus('authorization/role-definitions-list-recorded').payload;
  it('lists custom roles assignable only below the subscription', async () => {
    const sub = 'a925f2f7-5c63-4b7b-8799-25a5f97bc3b2';
    serve('GET', `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions`, (req) =>
      /atScopeAndBelow\(\)/.test(req.query.get('$filter') ?? '')
        ? recorded.response
        : { status: 200, body: { value: [] } },
    );
    const result = await listRoleDefinitions(replay.clients, [sub]);
    expect(result.items.map((r) => r.guid)).toEqual(['a7b1b19a-0e83-4fe5-935c-faaefbfd18c3']);
    expect(result.items[0]).toMatchObject({ roleName: 'Avere Cluster Create', roleType: 'CustomRole' });
  });
});
