import { gunzipSync } from 'node:zlib';

import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';

import { logsIngestionSink } from '../../src/alert/sinks.js';
import { childParentsOf, identitiesOfChildren } from '../../src/collect/attachmentsOutsideResourceGraph.js';
import { selectAlerts } from '../../src/alert/selectAlerts.js';
import { listPolicyAssignmentIdentities } from '../../src/collect/listPolicyAssignmentIdentities.js';
import { eachResourceGraphPage } from '../../src/collect/queryResourceGraph.js';
import { queryKeyVaultLogs } from '../../src/collect/queryKeyVaultLogs.js';
import { readApplications } from '../../src/collect/readApplications.js';
import { readChildSettings } from '../../src/collect/readChildSettings.js';
import { toSourceError } from '../../src/collect/sourceError.js';
import type { HistoryRecord } from '../../src/model/history.js';
import { HISTORY_TABLE } from '../../src/store/azureStores.js';
import { saveTableHistory, tableHistoryStore } from '../../src/store/tableHistory.js';
import { sampleReport } from '../report/sampleReport.js';
import { historyRecord } from '../support/historyRecord.js';
import { corpus, type CorpusRequest, type CorpusResponse } from './corpus.js';
import { KEY_VAULT_AGGREGATE_COLUMNS } from './keyVaultAggregateColumns.js';
import { useReplayHarness } from './replayHarness.js';
import { replayCredential } from './replayServer.js';

/**
 * Replay of the API families besides the eight defects of replay.test.ts: each real response from
 * the corpus, served over HTTPS to the real collector (or alert sink) and its real `@azure/*` client.
 * Fields are kept, nothing is silently dropped, and every refusal becomes a coverage error.
 */

const replay = useReplayHarness();
const { serve, requestsTo } = replay;

describe('Logs Ingestion (the alert sink)', () => {
  const upload = corpus('logsingestion/upload-204').payload;
  const notFound = corpus('logsingestion/dcr-not-found-404').payload;
  const forbidden = corpus('logsingestion/forbidden-403').payload;
  const report = sampleReport();
  const message = selectAlerts(report, [], 'low')!;

  it('uploads every finding as a gzip JSON array at api-version 2023-01-01 and takes the recorded 204', async () => {
    const dcr = 'dcr-abcdefghijklmnopqrstuvwxyztyuiop';
    const path = `/dataCollectionRules/${dcr}/streams/Custom-MyTableRawData`;
    serve('POST', path, () => upload.response);
    await logsIngestionSink(replay.server.url, dcr, 'Custom-MyTableRawData', replayCredential).send(
      message,
      report,
    );
    const sent = requestsTo(path);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.query.get('api-version')).toBe(upload.request.query?.['api-version']);
    expect(sent[0]!.headers['content-encoding']).toBe('gzip');
    const rows = JSON.parse(gunzipSync(sent[0]!.raw).toString('utf8')) as Record<string, unknown>[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.map((r) => r['FindingId'])).toEqual(report.findings.map((f) => f.id));
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining([
        'TimeGenerated',
        'RunId',
        'CheckId',
        'Severity',
        'State',
        'ResourceId',
        'Alerted',
      ]),
    );
  });

  it.each([
    ['an unknown DCR (404)', notFound, 'dcr-unknown'],
    ['a caller without Monitoring Metrics Publisher (403)', forbidden, 'dcr-forbidden'],
  ])('fails the delivery with the service message for %s', async (_what, recorded, dcr) => {
    serve('POST', `/dataCollectionRules/${dcr}/streams/Custom-MyTableRawData`, () => recorded.response);
    const send = logsIngestionSink(replay.server.url, dcr, 'Custom-MyTableRawData', replayCredential).send(
      message,
      report,
    );
    await expect(send).rejects.toThrow();
    const error = await send.catch((e: unknown) => e);
    // The client aggregates the failed chunks; the service's own message must reach the delivery log.
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error)).toContain(
      String(recorded.response.body.error.message).slice(0, 40),
    );
  });
});

describe('Microsoft Graph application and service-principal lists', () => {
  const sps = corpus('graph/serviceprincipals-list-password-credentials').payload;
  const apps = corpus('graph/applications-list-password-credentials').payload;
  const paging = corpus('graph/list-next-link').payload;
  const denied = corpus('graph/authorization-request-denied').payload;

  it('keeps each password credential of the recorded lists, following @odata.nextLink', async () => {
    const sp = sps.response.body.value[0];
    const app = apps.response.body.value[0];
    // The service principal's app is the recorded application (ids of two recordings joined).
    const spForApp = { ...sp, appId: app.appId };
    serve('GET', '/v1.0/servicePrincipals', (req) => {
      if (req.query.get('$skiptoken'))
        return { status: 200, body: { ...sps.response.body, value: [spForApp] } };
      // First page: empty, with a nextLink as Graph pages (a page may hold zero items).
      const next = new URL(paging.response.body['@odata.nextLink'].replace(/ \.\.\. /, ''));
      const link = `https://serviceRoot/v1.0/servicePrincipals?${req.query.toString()}&$skiptoken=${next.searchParams.get('$skiptoken') ?? ''}`;
      return {
        status: 200,
        body: { '@odata.context': sps.response.body['@odata.context'], value: [], '@odata.nextLink': link },
      };
    });
    serve('GET', '/v1.0/applications', () => apps.response);
    serve('GET', `/v1.0/applications/${app.id}/federatedIdentityCredentials`, () => ({
      status: 200,
      body: { value: [] },
    }));
    const result = await readApplications(replay.clients, [sp.id]);
    expect(result.errors).toEqual([]);
    expect(result.servicePrincipals).toEqual([
      {
        id: sp.id,
        appId: app.appId,
        displayName: sp.displayName,
        servicePrincipalType: 'Application',
        appOwnerOrganizationId: sp.appOwnerOrganizationId,
        passwordCredentials: [
          {
            keyId: sp.passwordCredentials[0].keyId,
            displayName: 'key1',
            hint: null,
            startDateTime: '2022-05-07T06:53:38Z',
            endDateTime: '2024-05-07T06:53:38Z',
          },
        ],
        keyCredentials: [],
      },
    ]);
    expect(result.applications).toMatchObject([
      {
        id: app.id,
        appId: app.appId,
        passwordCredentials: [
          {
            keyId: app.passwordCredentials[0].keyId,
            displayName: 'key1',
            hint: 'yXo',
            startDateTime: '2022-05-07T06:52:43Z',
            endDateTime: '2024-05-07T06:52:43Z',
          },
        ],
        federatedIdentityCredentials: [],
      },
    ]);
    expect(requestsTo('/v1.0/servicePrincipals').some((r) => r.query.get('$skiptoken'))).toBe(true);
  });

  it('makes a refused list (403 Authorization_RequestDenied) a coverage error, not an empty directory', async () => {
    const id = '00000000-0000-4000-8000-00000000dead';
    serve('GET', '/v1.0/servicePrincipals', (req) =>
      (req.query.get('$filter') ?? '').includes(id) ? denied.response : undefined,
    );
    const result = await readApplications(replay.clients, [id]);
    expect(result.servicePrincipals).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ source: 'applications', statusCode: 403 });
    expect(result.errors[0]!.message).toContain('Insufficient privileges');
  });
});

describe('Resource Graph errors', () => {
  it('names the reasons Azure puts in details, not only its support-info message', async () => {
    const refused = corpus('resourcegraph/invalid-query-400').payload.response;
    serve('POST', '/providers/Microsoft.ResourceGraph/resources', (req) =>
      JSON.parse(req.body).query === 'refused' ? refused : undefined,
    );
    const thrown = await eachResourceGraphPage(
      replay.clients.resourceGraph,
      'refused',
      {},
      replay.clients.pacer,
      () => {},
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    const error = toSourceError('resourceGraph', 'tenant', thrown);
    expect(error).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(error.message).toMatch(/^Query is invalid\. Please refer to the documentation/);
    expect(error.message).toContain('correlationId = c2c2c2f0');
  });
});

describe('Resource Graph paging and truncation', () => {
  const first = corpus('resourcegraph/resources-first-page').payload;
  const next = corpus('resourcegraph/resources-next-page').payload;
  const table = corpus('resourcegraph/resources-table-format').payload;

  it('follows $skipToken to the last page and keeps every row', async () => {
    let calls = 0;
    serve('POST', '/providers/Microsoft.ResourceGraph/resources', (req) => {
      const body = JSON.parse(req.body);
      if (body.query !== 'paging') return undefined;
      calls++;
      if (!body.options?.$skipToken) return first.response;
      // The recorded next page, then the end (Azure omits $skipToken on the last page).
      const { $skipToken: _last, ...lastPage } = next.response.body;
      return { status: 200, body: lastPage };
    });
    const pages: { rows: unknown[]; truncated: boolean }[] = [];
    await eachResourceGraphPage(
      replay.clients.resourceGraph,
      'paging',
      { subscriptions: ['s'] },
      replay.clients.pacer,
      (rows, info) => pages.push({ rows, truncated: info.truncated }),
    );
    expect(calls).toBe(2);
    const sentToken = JSON.parse(
      replay.server.requests.filter((r) => r.path === '/providers/Microsoft.ResourceGraph/resources').at(-1)!
        .body,
    ).options.$skipToken;
    expect(sentToken).toBe(first.response.body.$skipToken);
    expect(pages.flatMap((p) => p.rows)).toEqual([...first.response.body.data, ...next.response.body.data]);
    expect(pages.every((p) => !p.truncated)).toBe(true);
  });

  it('reports resultTruncated "true" without a $skipToken as truncated, so no count is taken as whole', async () => {
    serve('POST', '/providers/Microsoft.ResourceGraph/resources', (req) => {
      if (JSON.parse(req.body).query !== 'cut') return undefined;
      // The documented truncated answer, in the object-array format the collector asks for.
      const columns = table.response.body.data.columns as { name: string }[];
      const data = (table.response.body.data.rows as unknown[][]).map((row) =>
        Object.fromEntries(columns.map((c, i) => [c.name, row[i]])),
      );
      return { status: 200, body: { ...table.response.body, data } };
    });
    const infos: { truncated: boolean; totalRecords: number; subscriptionLimitHit: boolean }[] = [];
    await eachResourceGraphPage(
      replay.clients.resourceGraph,
      'cut',
      {},
      replay.clients.pacer,
      (_rows, info) => infos.push(info),
    );
    expect(infos).toEqual([{ truncated: true, totalRecords: 47, subscriptionLimitHit: false }]);
  });
});

describe('Log Analytics partial errors, refusals and empty workspaces', () => {
  const partial = corpus('loganalytics/partial-error').payload;
  const insufficient = corpus('loganalytics/insufficient-access-403').payload;
  const noData = corpus('loganalytics/no-data-204').payload;
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
  /** The recorded partial answer, its table in the aggregate's columns (the rows the query returns). */
  const partialAnswer = () => ({
    status: 200,
    body: {
      ...partial.response.body,
      tables: [
        {
          name: 'PrimaryResult',
          // Up to the caller's object id: the rows below leave out the other caller columns.
          columns: KEY_VAULT_AGGREGATE_COLUMNS.slice(0, 11),
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
              '["AZKVAuditLogs"]',
              'o1',
            ],
          ],
        },
      ],
    },
  });

  it('keeps the rows of a partial answer and reports its PartialError as a coverage error', async () => {
    serve('POST', '/v1/workspaces/ws-partial/query', partialAnswer);
    const logs = await queryKeyVaultLogs(replay.clients, [ws('ws-partial')], window);
    expect(logs.aggregates).toMatchObject([{ callerObjectId: 'o1', distinctObjects: 2 }]);
    expect(logs.errors.length).toBeGreaterThan(0);
    expect(logs.errors.every((e) => e.code === 'PartialError')).toBe(true);
    expect(logs.errors[0]!.message).toContain(partial.response.body.error.message);
  });

  it('marks a workspace the auditor may not read (403 InsufficientAccessError) unread, with the service message', async () => {
    serve('POST', '/v1/workspaces/ws-denied/query', () => insufficient.response);
    const logs = await queryKeyVaultLogs(replay.clients, [ws('ws-denied')], window);
    expect(logs.workspaces).toMatchObject([{ customerId: 'ws-denied', read: false }]);
    expect(logs.errors).toHaveLength(1);
    expect(logs.errors[0]).toMatchObject({ statusCode: 403 });
    expect(logs.errors[0]!.message).toContain('insufficient access');
  });

  it('reads a workspace with no data at all (204 No Content) as read and empty, not as an error', async () => {
    serve('POST', '/v1/workspaces/ws-empty/query', () => noData.response);
    const logs = await queryKeyVaultLogs(replay.clients, [ws('ws-empty')], window);
    expect(logs.errors).toEqual([]);
    expect(logs.workspaces).toMatchObject([{ customerId: 'ws-empty', read: true }]);
    expect(logs.aggregates).toEqual([]);
  });
});

describe('ARM children an identity may run as, which Resource Graph does not hold', () => {
  const applications = corpus('arm/service-fabric-managed-cluster-applications-list').payload;
  const cluster = applications.request.path.replace(/\/applications$/, '');
  // The product's own list for the parent: its collection and api-version, held to the example's.
  const parents = { parents: childParentsOf([cluster]), errors: [] };

  it("reads a managed cluster's applications at 2024-04-01 and takes an empty nextLink as the list's end", async () => {
    serve('GET', applications.request.path, () => applications.response);
    const read = await identitiesOfChildren(replay.clients, parents);
    // The example's application runs as no identity; `"nextLink": ""` was followed to ARM's root.
    expect(read).toEqual({ attached: [], errors: [] });
    expect(requestsTo(applications.request.path)).toHaveLength(1);
    expect(requestsTo(applications.request.path)[0]!.query.get('api-version')).toBe('2024-04-01');
    expect(requestsTo('/')).toEqual([]);
  });

  it("finds the user-assigned identity an application lists, as Learn's application template gives it", async () => {
    // Learn, how-to-managed-cluster-application-managed-identity: the application resource's
    // `identity` with type UserAssigned and the identity's resource id as a key.
    const identity =
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/resRg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/sfApplicationIdentity';
    const body = structuredClone(applications.response.body);
    body.value[0].identity = {
      type: 'UserAssigned',
      userAssignedIdentities: { [identity]: {} },
    };
    serve('GET', applications.request.path, () => ({ status: 200, body }));
    const read = await identitiesOfChildren(replay.clients, parents);
    expect(read).toEqual({ attached: [identity.toLowerCase()], errors: [] });
  });
});

describe('the children an identity may run as, in the shapes of their spec examples', () => {
  it.each([
    [
      "a Spring Apps service's apps (two user-assigned identities beside a system-assigned one)",
      'arm/spring-apps-list',
    ],
    ["a dev center project's environment types", 'arm/devcenter-project-environment-types-list'],
  ])(
    'finds every user-assigned identity of %s, lower-cased, at the api-version of the example',
    async (_what, name) => {
      const list = corpus(name).payload;
      serve('GET', list.request.path, () => list.response);
      // The product's own list for the parent: its collection and api-version.
      const parents = childParentsOf([list.request.path.slice(0, list.request.path.lastIndexOf('/'))]);
      expect(parents).toHaveLength(1);
      const read = await identitiesOfChildren(replay.clients, { parents, errors: [] });
      const recorded = (
        list.response.body.value as { identity: { userAssignedIdentities: object } }[]
      ).flatMap((child) => Object.keys(child.identity.userAssignedIdentities));
      expect(recorded.length).toBeGreaterThan(0);
      expect(read).toEqual({ attached: recorded.map((id) => id.toLowerCase()), errors: [] });
      expect(requestsTo(list.request.path)).toHaveLength(1);
      expect(requestsTo(list.request.path)[0]!.query.get('api-version')).toBe(
        list.request.query?.['api-version'],
      );
    },
  );
});

describe('ARM child settings Resource Graph does not hold', () => {
  const policies = corpus('arm/publishing-credentials-policies-list').payload;
  const mysql = corpus('arm/mysql-configuration-get').payload;

  it('keeps each child of a list and the one child of a single read, properties as sent', async () => {
    const site = policies.request.path.replace(/\/basicPublishingCredentialsPolicies$/, '');
    const server = mysql.request.path.replace(/\/configurations\/event_scheduler$/, '');
    serve('GET', policies.request.path, () => policies.response);
    serve('GET', mysql.request.path, () => mysql.response);
    const result = await readChildSettings(replay.clients, [
      { resourceId: site, childPath: 'basicPublishingCredentialsPolicies', apiVersion: '2023-12-01' },
      { resourceId: server, childPath: 'configurations/event_scheduler', apiVersion: '2023-12-30' },
    ]);
    expect(result.errors).toEqual([]);
    const byPath = new Map(result.items.map((i) => [i.childPath, i.children]));
    expect(byPath.get('basicPublishingCredentialsPolicies')).toEqual([
      { name: 'ftp', properties: { allow: true } },
      { name: 'scm', properties: { allow: true } },
    ]);
    expect(byPath.get('configurations/event_scheduler')).toEqual([
      { name: 'event_scheduler', properties: mysql.response.body.properties },
    ]);
    expect(requestsTo(policies.request.path).at(-1)?.query.get('api-version')).toBe('2023-12-01');
  });
});

describe('Azure Policy assignments (the user-assigned identities policies run as)', () => {
  const list = corpus('authorization/policy-assignments-list').payload;
  const withIdentity = corpus('authorization/policy-assignment-with-user-assigned-identity').payload;
  const sub = 'ae640e6b-ba3e-4256-9d62-2993eecfa6f2';
  const path = `/subscriptions/${sub}/providers/Microsoft.Authorization/policyAssignments`;

  it('keeps only assignments that run as a user-assigned identity, its id lower-cased, unfiltered at 2025-03-01', async () => {
    // The recorded list (a system-assigned identity, none) with the recorded user-assigned one in it.
    serve('GET', path, () => ({
      status: 200,
      body: { value: [...list.response.body.value, withIdentity.response.body] },
    }));
    const read = await listPolicyAssignmentIdentities(replay.clients, [sub], []);
    expect(read.errors).toEqual([]);
    expect(read.items).toEqual([
      {
        id: withIdentity.response.body.id,
        identityIds: [
          '/subscriptions/ae640e6b-ba3e-4256-9d62-2993eecfa6f2/resourcegroups/testresourcegroup/providers/microsoft.managedidentity/userassignedidentities/test-identity',
        ],
      },
    ]);
    const sent = requestsTo(path);
    expect(sent[0]!.query.get('api-version')).toBe(list.request.query?.['api-version']);
    expect(sent[0]!.query.get('$filter')).toBeNull();
  });

  it('makes a refused list an error at its scope, not an empty list', async () => {
    const refused = `/subscriptions/${sub.replace('ae', 'ff')}`;
    serve('GET', `${refused}/providers/Microsoft.Authorization/policyAssignments`, () => ({
      status: 403,
      body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization' } },
    }));
    const read = await listPolicyAssignmentIdentities(replay.clients, [sub.replace('ae', 'ff')], []);
    expect(read.items).toEqual([]);
    expect(read.errors).toMatchObject([{ source: 'policyAssignments', scope: refused, statusCode: 403 }]);
  });
});

describe("Table storage: the findings history's paging and transactions", () => {
  type Page = { request: CorpusRequest; response: CorpusResponse; next?: { query: Record<string, string> } };
  const first = corpus<Page>('tables/query-entities-first-page').payload;
  const last = corpus<Page>('tables/query-entities-last-page').payload;
  const next = first.next!.query;
  const history = () => new TableClient(replay.server.url, HISTORY_TABLE, replayCredential);
  // The recorded entity envelope (odata.etag, Timestamp) around a history record, in its partition.
  const entity = (template: Record<string, unknown>, r: HistoryRecord) => {
    const { foo: _foo, 'foo@odata.type': _type, ...envelope } = template;
    return { ...envelope, PartitionKey: 'finding-3', RowKey: r.id, record: JSON.stringify(r) };
  };

  it('reads a partition past its first page, sending back the continuation the service gave', async () => {
    // Three records of partition finding-3 (ids starting with 3), over the recorded first and last
    // pages: a history load that stopped at the first page would forget the third finding and
    // report it "new" in every run.
    const records = ['3a01', '3a02', '3a03'].map((id) => historyRecord(id));
    const filter = "PartitionKey eq 'finding-3'";
    const path = `/${HISTORY_TABLE}()`;
    serve('GET', path, (req) => {
      const page = (p: Page, value: unknown[]) => ({
        status: p.response.status,
        headers: p.response.headers!,
        body: { ...p.response.body, value },
      });
      if (req.query.get('$filter') !== filter) return page(last, []);
      if (!req.query.has('NextRowKey'))
        return page(first, [
          entity(first.response.body.value[0], records[0]!),
          entity(first.response.body.value[1], records[1]!),
        ]);
      if (
        req.query.get('NextPartitionKey') === next['NextPartitionKey'] &&
        req.query.get('NextRowKey') === next['NextRowKey']
      )
        return page(last, [entity(last.response.body.value[0], records[2]!)]);
      return undefined;
    });
    const loaded = await tableHistoryStore(history()).load();
    expect(loaded.map((r) => r.id).sort()).toEqual(['3a01', '3a02', '3a03']);
    expect(loaded.find((r) => r.id === '3a03')).toEqual(records[2]);
    const continued = requestsTo(path).filter((r) => r.query.has('NextRowKey'));
    expect(
      continued.map((r) =>
        Object.fromEntries(['$filter', 'NextPartitionKey', 'NextRowKey'].map((k) => [k, r.query.get(k)])),
      ),
    ).toEqual([
      { $filter: filter, NextPartitionKey: next['NextPartitionKey'], NextRowKey: next['NextRowKey'] },
    ]);
  });

  // History writes go a hundred records to an entity group transaction, all or nothing per batch.
  const upserted = corpus('tables/batch-upsert-202').payload;
  const refused = corpus('tables/batch-sub-request-error').payload;

  it("writes a partition's records as one transaction of upserts and takes the recorded 202 with a 204 for each", async () => {
    serve('POST', '/$batch', () => upserted.response);
    const before = requestsTo('/$batch').length;
    const records = ['3b01', '3b02', '3b03', '3b04'].map((id) => historyRecord(id));
    await saveTableHistory(history(), records);
    const sent = requestsTo('/$batch').slice(before);
    expect(sent).toHaveLength(1);
    // Upserts that replace, as Azure's own client sends them: one PUT per record, keyed by partition and id.
    for (const r of records)
      expect(sent[0]!.body).toContain(
        `PUT ${replay.server.url}/${HISTORY_TABLE}(PartitionKey='finding-3',RowKey='${r.id}')`,
      );
  });

  it('fails the save when a transaction answers 202 with a failed operation inside, instead of taking it as written', async () => {
    serve('POST', '/$batch', () => refused.response);
    const save = saveTableHistory(
      history(),
      ['3c01', '3c02', '3c03'].map((id) => historyRecord(id)),
    );
    await expect(save).rejects.toMatchObject({ statusCode: 404 });
    await expect(save).rejects.toThrow(/TableNotFound|table specified does not exist/);
  });
});
