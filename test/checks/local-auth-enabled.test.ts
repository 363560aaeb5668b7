import { describe, expect, it } from 'vitest';

import { evaluate, IN_MANAGED_GROUP } from '../../src/checks/local-auth-enabled/evaluate.js';
import { LOCAL_AUTH_SERVICES } from '../../src/azure/localAuthServices.js';
import type { ChildSettings, ResourceRow } from '../../src/collect/snapshot.js';
import { emptySnapshot, resource } from './snapshotBuilder.js';

const run = (rows: ResourceRow[], children: ChildSettings[] = [], childErrors = false) =>
  evaluate(
    emptySnapshot({
      localAuth: { items: rows, errors: [] },
      childSettings: {
        items: children,
        errors: childErrors
          ? [
              {
                source: 'childSettings',
                scope: `${rows[0]!.id}/basicPublishingCredentialsPolicies`,
                statusCode: 403,
                message: 'AuthorizationFailed',
              },
            ]
          : [],
      },
    }),
  );

/** The row as Resource Graph returns it from LOCAL_AUTH_QUERY: properties keyed by path. */
const row = (type: string, properties: Record<string, unknown>, name?: string) =>
  resource(type, { ...(name ? { name } : {}), properties });

describe('local-auth-enabled', () => {
  it("leaves out a Databricks workspace's storage account, in the group Databricks manages, and counts it", () => {
    // "Storage accounts should prevent shared key access (excluding storage accounts created by
    // Databricks)" (Azure Policy fd9903f1: resourcegroup().managedBy notContains Microsoft.Databricks).
    const managed = row('Microsoft.Storage/storageAccounts', {}, 'dbstorage');
    managed.id = managed.id.replace('/resourceGroups/rg/', '/resourceGroups/databricks-rg-ws1/');
    const own = row('Microsoft.Storage/storageAccounts', {}, 'appdata');
    const r = evaluate(
      emptySnapshot({
        localAuth: { items: [managed, own], errors: [] },
        identityInventory: {
          ...emptySnapshot().identityInventory,
          managedResourceGroups: [
            {
              id: managed.id.replace(/\/providers\/.*$/, '').toLowerCase(),
              managedBy: `${own.id.replace(/\/providers\/.*$/, '')}/providers/Microsoft.Databricks/workspaces/ws1`,
            },
          ],
        },
      }),
    );
    expect(r.findings.map((f) => f.resourceId)).toEqual([own.id]);
    expect(r.notEvaluated).toEqual([{ reason: IN_MANAGED_GROUP, count: 1 }]);
  });

  it('reads absent disableLocalAuth as local auth on, as Azure Policy does (notEquals true)', () => {
    const r = run([row('Microsoft.ServiceBus/namespaces', {}, 'sb1')]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.severity).toBe('high');
    expect(r.findings[0]?.message).toContain('absent');
    expect(r.findings[0]?.remediation?.cli).toBe(
      `az servicebus namespace update --ids ${r.findings[0]?.resourceId} --disable-local-auth true`,
    );
  });

  it('passes disableLocalAuth true and flags false', () => {
    expect(run([row('Microsoft.EventHub/namespaces', { disableLocalAuth: true })]).findings).toEqual([]);
    expect(run([row('Microsoft.EventHub/namespaces', { disableLocalAuth: false })]).findings).toHaveLength(1);
  });

  it('reads Storage allowSharedKeyAccess absent as Shared Key allowed, and passes only false', () => {
    expect(run([row('Microsoft.Storage/storageAccounts', {})]).findings).toHaveLength(1);
    expect(
      run([row('Microsoft.Storage/storageAccounts', { allowSharedKeyAccess: null })]).findings,
    ).toHaveLength(1);
    expect(run([row('Microsoft.Storage/storageAccounts', { allowSharedKeyAccess: false })]).findings).toEqual(
      [],
    );
  });

  it('flags a Container Registry only when the admin user is on (absent is Azure default off)', () => {
    expect(run([row('Microsoft.ContainerRegistry/registries', {})]).findings).toEqual([]);
    expect(
      run([row('Microsoft.ContainerRegistry/registries', { adminUserEnabled: true })]).findings[0]?.severity,
    ).toBe('high');
  });

  it('reads nested paths: SQL Entra-only, Log Analytics features, PostgreSQL passwordAuth', () => {
    expect(
      run([row('Microsoft.Sql/servers', { 'administrators.azureADOnlyAuthentication': true })]).findings,
    ).toEqual([]);
    expect(run([row('Microsoft.Sql/servers', {})]).findings).toHaveLength(1);
    expect(
      run([row('Microsoft.OperationalInsights/workspaces', { 'features.disableLocalAuth': true })]).findings,
    ).toEqual([]);
    expect(
      run([row('Microsoft.DBforPostgreSQL/flexibleServers', { 'authConfig.passwordAuth': 'Disabled' })])
        .findings,
    ).toEqual([]);
    const pg = run([
      row('Microsoft.DBforPostgreSQL/flexibleServers', { 'authConfig.passwordAuth': 'Enabled' }),
    ]);
    expect(pg.findings[0]?.severity).toBe('medium');
  });

  it('reads Batch modes: SharedKey or an absent list fails, AAD with task tokens passes', () => {
    expect(run([row('Microsoft.Batch/batchAccounts', {})]).findings).toHaveLength(1);
    expect(
      run([row('Microsoft.Batch/batchAccounts', { allowedAuthenticationModes: ['SharedKey', 'AAD'] })])
        .findings,
    ).toHaveLength(1);
    expect(
      run([
        row('Microsoft.Batch/batchAccounts', {
          allowedAuthenticationModes: ['AAD', 'TaskAuthenticationToken'],
        }),
      ]).findings,
    ).toEqual([]);
  });

  it('leaves out Cosmos DB accounts of the APIs the Azure Policy built-in leaves out', () => {
    const mongo = row('Microsoft.DocumentDB/databaseAccounts', { capabilities: [{ name: 'EnableMongo' }] });
    expect(run([mongo])).toMatchObject({ findings: [], evaluated: 0 });
    expect(run([row('Microsoft.DocumentDB/databaseAccounts', { capabilities: [] })]).findings).toHaveLength(
      1,
    );
  });

  it('says nothing of a site deleted since Resource Graph listed it (its policies answered 404)', () => {
    const site = row('Microsoft.Web/sites', {}, 'app-gone');
    expect(
      run(
        [site],
        [
          {
            resourceId: site.id,
            childPath: 'basicPublishingCredentialsPolicies',
            children: [],
            parentGone: true,
          },
        ],
      ),
    ).toMatchObject({ findings: [], evaluated: 0, errors: [] });
  });

  it('names ftp and scm for a site that allows both, and treats a site without the children as allowed', () => {
    const site = row('Microsoft.Web/sites', {}, 'app1');
    const none = run(
      [site],
      [{ resourceId: site.id, childPath: 'basicPublishingCredentialsPolicies', children: [] }],
    );
    expect(none.findings).toHaveLength(1);
    expect(none.findings[0]?.evidence['basicPublishingCredentialsAllowed']).toEqual(['ftp', 'scm']);
    const scmOnly = run(
      [site],
      [
        {
          resourceId: site.id,
          childPath: 'basicPublishingCredentialsPolicies',
          children: [
            { name: 'ftp', properties: { allow: false } },
            { name: 'scm', properties: { allow: true } },
          ],
        },
      ],
    );
    expect(scmOnly.findings[0]?.evidence['basicPublishingCredentialsAllowed']).toEqual(['scm']);
    expect(scmOnly.findings[0]?.remediation?.cli).toBe(
      `az resource update --ids ${site.id}/basicPublishingCredentialsPolicies/scm --set properties.allow=false`,
    );
    const off = run(
      [site],
      [
        {
          resourceId: site.id,
          childPath: 'basicPublishingCredentialsPolicies',
          children: [
            { name: 'ftp', properties: { allow: false } },
            { name: 'scm', properties: { allow: false } },
          ],
        },
      ],
    );
    expect(off).toMatchObject({ findings: [], evaluated: 1, errors: [] });
  });

  it('quotes names a shell would misread in the command', () => {
    const r = run([
      resource('Microsoft.Search/searchServices', {
        name: 'srch1',
        resourceGroup: 'rg(prod)',
        properties: {},
      }),
    ]);
    expect(r.findings[0]?.remediation?.cli).toBe(
      "az search service update --resource-group 'rg(prod)' --name srch1 --disable-local-auth true",
    );
  });

  it('is error, not pass, when a site publishing policy could not be read', () => {
    const r = run([row('Microsoft.Web/sites', {}, 'app2')], [], true);
    expect(r.findings).toEqual([]);
    expect(r.errors.join()).toContain('403');
  });

  it('is error when Resource Graph could not be read', () => {
    const r = evaluate(
      emptySnapshot({
        localAuth: {
          items: [],
          errors: [{ source: 'localAuth', scope: '/subscriptions/x', message: 'down' }],
        },
      }),
    );
    expect(r.errors).toHaveLength(1);
  });

  it('reads MySQL aad_auth_only: ON passes, OFF fails', () => {
    const server = row('Microsoft.DBforMySQL/flexibleServers', {}, 'my1');
    const at = (value: string) => [
      {
        resourceId: server.id,
        childPath: 'configurations/aad_auth_only',
        children: [{ name: 'aad_auth_only', properties: { value } }],
      },
    ];
    expect(run([server], at('ON')).findings).toEqual([]);
    expect(run([server], at('OFF')).findings).toHaveLength(1);
  });

  it('cites, for every service, an Azure Policy built-in and a REST specification', () => {
    for (const s of LOCAL_AUTH_SERVICES) {
      expect(s.policy.id, s.service).toMatch(
        /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/[0-9a-f-]{36}$/,
      );
      expect(s.policy.path, s.service).toMatch(/^built-in-policies\/policyDefinitions\/.+\.json$/);
      expect(s.spec, s.service).toMatch(/^specification\/.+\/resource-manager\/.+\.json/);
      expect(s.cli, s.service).toMatch(/^az /);
    }
    expect(LOCAL_AUTH_SERVICES.length).toBeGreaterThanOrEqual(25);
  });
});
