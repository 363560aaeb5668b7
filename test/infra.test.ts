import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { validateQuery } from '../emulator/kql/index.js';
import { auditorNodeArguments } from '../scripts/lib/auditorHeap.js';
import { CHECKS } from '../src/checks/registry.js';
import { SETTING_NAMES } from '../src/config.js';
import { createSnapshotView } from '../src/checks/lib/snapshotView.js';
import { assignment, AUDITOR, context, emptySnapshot } from './checks/snapshotBuilder.js';

type Json = Record<string, any>;
const root = fileURLToPath(new URL('..', import.meta.url));
const text = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');
const read = (p: string): Json => JSON.parse(text(`infra/${p}`));
const main = read('main.json');
const roles = read('auditor-roles.json');
const workbook = read('workbook.json');
const TEMPLATES: [string, Json][] = [
  ['main.json', main],
  ['auditor-roles.json', roles],
];

/** The nested template of a Microsoft.Resources/deployments resource is a template of its own. */
const nestedTemplates = (t: Json): Json[] =>
  (t['resources'] as Json[])
    .filter((r) => r['type'] === 'Microsoft.Resources/deployments')
    .map((r) => r['properties']['template'] as Json);
const withoutNested = (t: Json): Json => ({
  ...t,
  resources: (t['resources'] as Json[]).map((r) =>
    r['type'] === 'Microsoft.Resources/deployments'
      ? { ...r, properties: { ...r['properties'], template: {} } }
      : r,
  ),
});
const namesUsed = (t: Json, fn: 'parameters' | 'variables') =>
  new Set(
    [...JSON.stringify(withoutNested(t)).matchAll(new RegExp(`${fn}\\('([^']+)'\\)`, 'g'))].map((m) => m[1]),
  );

const site = main['resources'].find((r: Json) => r['type'] === 'Microsoft.Web/sites');
const appSettings: Record<string, string> = Object.fromEntries(
  site.properties.siteConfig.appSettings.map((s: Json) => [s['name'], s['value']]),
);
const byType = (type: string): Json[] => main['resources'].filter((r: Json) => r['type'] === type);

/** Settings the Functions platform and its libraries read, not mi-auditor's own code. */
const PLATFORM_SETTINGS = [
  'AzureWebJobsStorage__accountName',
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
  'languageWorkers__node__arguments',
];

describe('infra templates', () => {
  it.each([
    ...TEMPLATES,
    ...nestedTemplates(main).map((t, i) => [`main.json nested #${i}`, t] as [string, Json]),
  ])('%s declares every parameter it uses and uses every parameter it declares', (_name, template) => {
    const declared = new Set(Object.keys(template['parameters'] ?? {}));
    expect(namesUsed(template, 'parameters')).toEqual(declared);
  });

  it('main.json declares every variable it uses, uses every one, and calls no reference() in variables', () => {
    expect(namesUsed(main, 'variables')).toEqual(new Set(Object.keys(main['variables'])));
    // ARM refuses reference() and list*() in `variables` (Microsoft Learn, ARM template functions:
    // "You can't use the reference function in the variables section").
    expect(JSON.stringify(main['variables'])).not.toMatch(/\b(reference|list[A-Za-z]*)\(/);
  });

  it('runs the app on Node 22 on Flex Consumption as a managed identity, system- or user-assigned by id', () => {
    expect(site.properties.functionAppConfig.runtime).toEqual({ name: 'node', version: '22' });
    expect(site.identity).toBe("[variables('identity')]");
    expect(main['variables']['identity']).toContain("'UserAssigned'");
    expect(main['variables']['identity']).toContain("'SystemAssigned'");
    expect(site.properties.functionAppConfig.deployment.storage.authentication).toBe(
      "[variables('storageAuthentication')]",
    );
    expect(site.properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB).toBe(
      "[parameters('instanceMemoryMB')]",
    );
    expect(main['parameters']['instanceMemoryMB']['allowedValues']).toEqual([512, 2048, 4096]);
  });

  it("lets the Node.js heap grow to two thirds of the instance's memory and its young generation to a 64th per semi-space, as the bench runs the auditor", () => {
    // Node sizes its heap from the memory it is given, a fraction of it (a quarter of the cgroup
    // limit on this project's machine; 2,096 MiB on a 14 GB Linux EP3, azure-functions-host#9017),
    // so a large audit would stop with "heap out of memory" on an instance with room to spare.
    // Microsoft Learn (functions-premium-plan.md, "Memory usage considerations") gives the setting;
    // on Linux its colons are written as double underscores (functions-reference-node.md).
    // The host splits the setting on white space into the worker's arguments (azure-functions-host,
    // RpcWorkerConfigFactory.AddArgumentsFromAppSettings: Regex.Split(argumentsValue, @"\s+")).
    expect(appSettings['languageWorkers__node__arguments']).toBe(
      "[format('--max-old-space-size={0} --max-semi-space-size={1}', div(mul(parameters('instanceMemoryMB'), 2), 3), div(parameters('instanceMemoryMB'), 64))]",
    );
    // ARM's div is integer division; the bench's arguments are the template's for each size.
    const template = (mb: number) => [
      `--max-old-space-size=${Math.trunc((mb * 2) / 3)}`,
      `--max-semi-space-size=${Math.trunc(mb / 64)}`,
    ];
    for (const mb of main['parameters']['instanceMemoryMB']['allowedValues'] as number[]) {
      expect(auditorNodeArguments(mb)).toEqual(template(mb));
    }
    expect(auditorNodeArguments(2048)).toEqual(['--max-old-space-size=1365', '--max-semi-space-size=32']);
  });

  it('sets only settings that mi-auditor or the platform reads, and every one a deployed app needs', () => {
    const known = new Set([...SETTING_NAMES, ...PLATFORM_SETTINGS]);
    expect(Object.keys(appSettings).filter((n) => !known.has(n))).toEqual([]);
    for (const needed of [
      'AzureWebJobsStorage__accountName',
      'AUDITOR_STORAGE_ACCOUNT_ID',
      'AUDIT_SCHEDULE',
      'AZURE_CLIENT_ID',
      'API_AUTH',
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
      'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
    ])
      expect(appSettings, needed).toHaveProperty(needed);
  });

  it('holds no secret: no keys listed, no connection string with a key, webhook URLs as secure strings', () => {
    for (const [name, template] of TEMPLATES) {
      const body = JSON.stringify(template);
      expect(body, name).not.toMatch(/\blist(Keys|Secrets|ConnectionStrings|AccountSas|ServiceSas)?\(/);
      expect(body, name).not.toMatch(/AccountKey=|SharedAccessKey|InstrumentationKey=/);
    }
    expect(appSettings).not.toHaveProperty('AzureWebJobsStorage');
    for (const p of ['alertWebhookUrl', 'alertTeamsWebhookUrl'])
      expect(main['parameters'][p]).toMatchObject({ type: 'securestring', defaultValue: '' });
    expect(appSettings['APPLICATIONINSIGHTS_AUTHENTICATION_STRING']).toContain('Authorization=AAD');
  });

  it('turns local (key) authentication off on storage, Application Insights and the workspace it creates', () => {
    expect(byType('Microsoft.Storage/storageAccounts')[0]!['properties']['allowSharedKeyAccess']).toBe(false);
    expect(byType('Microsoft.Insights/components')[0]!['properties']['DisableLocalAuth']).toBe(true);
    expect(byType('Microsoft.OperationalInsights/workspaces')[0]!['properties']['features']).toEqual({
      disableLocalAuth: true,
    });
  });

  it("grants the app's identity write roles only on its own storage, Application Insights and rule", () => {
    const own = {
      'Microsoft.Storage/storageAccounts': "variables('storageName')",
      'Microsoft.Insights/components': "variables('insightsName')",
      'Microsoft.Insights/dataCollectionRules': "variables('dcrName')",
    };
    const grants = byType('Microsoft.Authorization/roleAssignments');
    expect(grants.length).toBe(5);
    for (const g of grants) {
      expect(Object.entries(own).map(([type, name]) => `[concat('${type}/', ${name})]`)).toContain(
        g['scope'],
      );
    }
    // The self-check, told the app's own resources as the template tells it, finds nothing excessive.
    expect(appSettings['AUDITOR_STORAGE_ACCOUNT_ID']).toContain("'Microsoft.Storage/storageAccounts'");
    expect(appSettings['AUDITOR_TELEMETRY_RESOURCE_IDS']).toContain("'Microsoft.Insights/components'");
    expect(appSettings['AUDITOR_TELEMETRY_RESOURCE_IDS']).toContain(
      "'Microsoft.Insights/dataCollectionRules'",
    );
    const rg = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-mi-auditor/providers';
    const concrete: Record<string, string> = {
      'Microsoft.Storage/storageAccounts': `${rg}/Microsoft.Storage/storageAccounts/miauditorx`,
      'Microsoft.Insights/components': `${rg}/Microsoft.Insights/components/mi-auditor-ai-x`,
      'Microsoft.Insights/dataCollectionRules': `${rg}/Microsoft.Insights/dataCollectionRules/mi-auditor-dcr-x`,
    };
    const items = grants.map((g) => {
      const type = String(g['scope']).match(/concat\('([^']+)\/'/)![1]!;
      const role = String(g['properties']['roleDefinitionId']).match(/'([0-9a-f-]{36})'/)![1]!;
      return assignment(role, AUDITOR, concrete[type]!, { principalType: 'ServicePrincipal' });
    });
    const check = CHECKS.find((c) => c.metadata.id === 'auditor-excess-permissions')!;
    const snapshot = emptySnapshot({ roleAssignments: { items, errors: [] } });
    const result = check.evaluate(
      snapshot,
      {
        ...context,
        auditorStorageAccountId: concrete['Microsoft.Storage/storageAccounts']!,
        auditorTelemetryResourceIds: [
          concrete['Microsoft.Insights/components']!,
          concrete['Microsoft.Insights/dataCollectionRules']!,
        ],
      },
      createSnapshotView(snapshot),
    );
    expect(result.findings).toEqual([]);
  });

  it("gives the auditor only reading roles across the tenant, as the product's own self-check judges them", () => {
    const check = CHECKS.find((c) => c.metadata.id === 'auditor-excess-permissions')!;
    const granted = (roles['resources'] as Json[]).map(
      (r) => String(r['properties']['roleDefinitionId']).match(/'([0-9a-f-]{36})'/)![1]!,
    );
    expect(granted).toHaveLength(2);
    const mg = '/providers/Microsoft.Management/managementGroups/00000000-0000-0000-0000-0000000000aa';
    const snapshot = emptySnapshot({
      roleAssignments: {
        items: granted.map((g) => assignment(g, AUDITOR, mg, { principalType: 'ServicePrincipal' })),
        errors: [],
      },
    });
    const result = check.evaluate(snapshot, context, createSnapshotView(snapshot));
    expect(result.errors).toEqual([]);
    expect(result.evaluated).toBe(2);
    expect(result.findings).toEqual([]);
  });

  it('puts the findings table in the central workspace given by id, in its own subscription and group', () => {
    const nested = byType('Microsoft.Resources/deployments')[0]!;
    expect(nested['subscriptionId']).toBe("[variables('workspaceSubscriptionId')]");
    expect(nested['resourceGroup']).toBe("[variables('workspaceResourceGroup')]");
    expect(main['variables']['workspaceSubscriptionId']).toContain(
      "split(variables('centralWorkspaceId'), '/')[2]",
    );
    expect(main['variables']['workspaceResourceGroup']).toContain(
      "split(variables('centralWorkspaceId'), '/')[4]",
    );
    const dcr = byType('Microsoft.Insights/dataCollectionRules')[0]!;
    expect(dcr['properties']['destinations']['logAnalytics'][0]['workspaceResourceId']).toBe(
      "[variables('centralWorkspaceId')]",
    );
    const table = nested['properties']['template']['resources'][0];
    expect(table['type']).toBe('Microsoft.OperationalInsights/workspaces/tables');
    const columns = table['properties']['schema']['columns'].map((c: Json) => c['name']);
    const sinkSource = text('src/alert/sinks.ts');
    const sent = [...sinkSource.matchAll(/^\s{8}([A-Z][A-Za-z]+):/gm)].map((m) => m[1]);
    expect(new Set(sent)).toEqual(new Set(columns));
    expect(columns).not.toContain('TenantId');
  });

  it('ships a Workbook whose queries are valid KQL over the findings table', () => {
    const table = byType('Microsoft.Resources/deployments')[0]!['properties']['template']['resources'][0];
    const schema = {
      MiAuditorFindings_CL: table.properties.schema.columns.map((c: Json) => ({
        name: c.name,
        type: c.type === 'boolean' ? 'bool' : c.type,
      })),
    };
    const queries = workbook['items']
      .filter((i: Json) => i['type'] === 3)
      .map((i: Json) => i['content']['query']);
    expect(queries.length).toBeGreaterThan(3);
    for (const q of queries) expect(validateQuery(q, schema), q).toEqual([]);
    expect(main['variables']['workbook']).toEqual(workbook);
  });

  it('alerts when two audits in a row are not complete, with a valid query over Application Insights traces', () => {
    const rule = byType('Microsoft.Insights/scheduledQueryRules')[0]!;
    expect(rule['properties']['scopes']).toEqual([
      "[resourceId('Microsoft.Insights/components', variables('insightsName'))]",
    ]);
    const query = main['variables']['failedTwiceQuery'] as string;
    // The classic Application Insights `traces` schema (Microsoft Learn, Azure Monitor Logs reference).
    const schema = {
      traces: [
        { name: 'timestamp', type: 'datetime' as const },
        { name: 'message', type: 'string' as const },
        { name: 'severityLevel', type: 'int' as const },
        { name: 'customDimensions', type: 'dynamic' as const },
        { name: 'operation_Id', type: 'string' as const },
      ],
    };
    expect(validateQuery(query, schema)).toEqual([]);
    expect(query).toContain("'audit.finished'");
    expect(text('src/telemetry/auditTelemetry.ts')).toContain("'audit.finished'");
  });

  it('lets azd deploy code to the app the template made, and claims no provisioning it cannot do', () => {
    const azure = text('azure.yaml');
    expect(azure).not.toMatch(/^infra:/m);
    expect(azure).toMatch(/^\s+api:\n(\s+.*\n)*\s+host: function/m);
    expect(azure).toContain('resourceName: ${AZURE_FUNCTION_APP_NAME}');
    expect(site['tags']).toEqual({ 'azd-service-name': 'api' });
    expect(main['parameters']).not.toHaveProperty('deploymentPackageUrl');
    const parameters = read('main.parameters.json')['parameters'] as Json;
    for (const name of Object.keys(parameters)) expect(main['parameters'], name).toHaveProperty(name);
  });

  it('sets a function timeout the largest measured audit fits in, below the platform grace period', () => {
    const host = JSON.parse(text('host.json')) as Json;
    expect(host['functionTimeout']).toBe('01:00:00');
    expect(host['telemetryMode']).toBe('OpenTelemetry');
  });

  it('grants the Graph permissions the collectors read with, by a script that is valid bash', () => {
    const script = text('infra/grant-graph-permissions.sh');
    const granted = script.match(/^for permission in (.+); do$/m)![1]!.split(' ');
    expect(granted).toEqual(['Directory.Read.All', 'Application.Read.All']);
    expect(() =>
      execFileSync('bash', ['-n', 'infra/grant-graph-permissions.sh'], { cwd: root }),
    ).not.toThrow();
    // The doctor names this script for every missing Graph permission.
    expect(text('src/doctor/missingPermission.ts')).toContain('infra/grant-graph-permissions.sh');
  });
});
