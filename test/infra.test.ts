import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { validateQuery } from '../emulator/kql/index.js';

const read = (p: string) => JSON.parse(readFileSync(new URL(`../infra/${p}`, import.meta.url), 'utf8'));
const main = read('main.json');
const workbook = read('workbook.json');

describe('infra', () => {
  it('runs the app on Node 22 on Flex Consumption with a managed identity and no storage keys', () => {
    const site = main.resources.find((r: any) => r.type === 'Microsoft.Web/sites');
    expect(site.identity.type).toBe('SystemAssigned');
    expect(site.properties.functionAppConfig.runtime).toEqual({ name: 'node', version: '22' });
    expect(site.properties.functionAppConfig.deployment.storage.authentication.type).toBe(
      'SystemAssignedIdentity',
    );
    const settings = Object.fromEntries(
      site.properties.siteConfig.appSettings.map((s: any) => [s.name, s.value]),
    );
    expect(settings).toHaveProperty('AzureWebJobsStorage__accountName');
    expect(settings).not.toHaveProperty('AzureWebJobsStorage');
    const storage = main.resources.find((r: any) => r.type === 'Microsoft.Storage/storageAccounts');
    expect(storage.properties.allowSharedKeyAccess).toBe(false);
  });

  it('grants the auditor only reading roles across the tenant', () => {
    const roles = read('auditor-roles.json').resources.map((r: any) => r.properties.roleDefinitionId);
    expect(roles.join(' ')).toMatch(
      /acdd72a7-3385-48ef-bd42-f606fba81ae7.*73c42c96-874c-492b-b04d-ab87d138a893/,
    );
    expect(roles).toHaveLength(2);
  });

  it('declares the findings table with the columns the Logs Ingestion sink sends', () => {
    const table = main.resources.find(
      (r: any) => r.type === 'Microsoft.OperationalInsights/workspaces/tables',
    );
    const columns = table.properties.schema.columns.map((c: any) => c.name);
    const sinkSource = readFileSync(new URL('../src/alert/sinks.ts', import.meta.url), 'utf8');
    const sent = [...sinkSource.matchAll(/^\s{8}([A-Z][A-Za-z]+):/gm)].map((m) => m[1]);
    expect(new Set(sent)).toEqual(new Set(columns));
    expect(columns).not.toContain('TenantId');
  });

  it('ships a Workbook whose queries are valid KQL over the findings table', () => {
    const table = main.resources.find(
      (r: any) => r.type === 'Microsoft.OperationalInsights/workspaces/tables',
    );
    const schema = {
      MiAuditorFindings_CL: table.properties.schema.columns.map((c: any) => ({
        name: c.name,
        type: c.type === 'boolean' ? 'bool' : c.type,
      })),
    };
    const queries = workbook.items.filter((i: any) => i.type === 3).map((i: any) => i.content.query);
    expect(queries.length).toBeGreaterThan(3);
    for (const q of queries) expect(validateQuery(q, schema), q).toEqual([]);
    expect(main.variables.workbook).toEqual(workbook);
  });
});
