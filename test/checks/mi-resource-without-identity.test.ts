import { describe, expect, it } from 'vitest';

import { evaluate } from '../../src/checks/mi-resource-without-identity/evaluate.js';
import { EXCLUSION } from '../../src/checks/mi-resource-without-identity/exclusions.js';
import type { IdentityInventory } from '../../src/collect/snapshot.js';
import { emptySnapshot, resource, SUB } from './snapshotBuilder.js';

const run = (...resources: ReturnType<typeof resource>[]) =>
  evaluate(emptySnapshot({ resources: { items: resources, errors: [] } }));

describe('mi-resource-without-identity', () => {
  it('flags a web app with no identity as high', () => {
    const result = run(resource('Microsoft.Web/sites', { name: 'app-orders', kind: 'app' }));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      severity: 'high',
      resourceId: expect.stringContaining('app-orders'),
    });
    expect(result.findings[0]!.message).toContain("'app-orders'");
  });

  it('flags a web app whose identity object is present but empty (the always-truthy object)', () => {
    expect(
      run(resource('Microsoft.Web/sites', { identity: { type: null, principalId: null, tenantId: null } }))
        .findings,
    ).toHaveLength(1);
  });

  it.each([
    ['null', null],
    ['type None', { type: 'None' }],
    ['lower-case none', { type: 'none' }],
  ])('flags identity %s', (_l, identity) => {
    expect(run(resource('Microsoft.Compute/virtualMachines', { identity })).findings).toHaveLength(1);
  });

  it.each([
    ['system-assigned', { type: 'SystemAssigned', principalId: 'p' }],
    [
      'combined with a space',
      { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { '/x/u1': {} } },
    ],
    ['combined without a space', { type: 'SystemAssigned,UserAssigned' }],
    ['upper-case', { type: 'SYSTEMASSIGNED' }],
  ])('passes a resource with a %s identity', (_l, identity) => {
    expect(run(resource('Microsoft.Web/sites', { identity })).findings).toEqual([]);
  });

  it('covers deployment slots, not only apps', () => {
    expect(run(resource('Microsoft.Web/sites/slots', { name: 'app/staging' })).findings[0]?.severity).toBe(
      'high',
    );
  });

  it.each([
    ['Microsoft.Logic/workflows', 'high'],
    ['Microsoft.ContainerService/managedClusters', 'high'],
    ['Microsoft.App/jobs', 'high'],
    ['Microsoft.DataFactory/factories', 'high'],
    ['Microsoft.Sql/servers', 'medium'],
    ['Microsoft.CognitiveServices/accounts', 'medium'],
    ['Microsoft.Storage/storageAccounts', 'informational'],
    ['Microsoft.DocumentDB/databaseAccounts', 'informational'],
  ])('rates %s without identity %s', (type, severity) => {
    expect(run(resource(type)).findings[0]?.severity).toBe(severity);
  });

  it('ignores types that cannot have a managed identity', () => {
    const result = run(resource('Microsoft.Network/virtualNetworks'), resource('Microsoft.KeyVault/vaults'));
    expect(result).toMatchObject({ findings: [], evaluated: 0 });
  });

  it('flags Static Web Apps only on plans that support identities', () => {
    expect(
      run(resource('Microsoft.Web/staticSites', { sku: { name: 'Free', tier: 'Free' } })).findings,
    ).toEqual([]);
    expect(
      run(resource('Microsoft.Web/staticSites', { sku: { name: 'Standard', tier: 'Standard' } })).findings,
    ).toHaveLength(1);
  });

  it('reports error, not pass, when a subscription could not be read', () => {
    const result = evaluate(
      emptySnapshot({
        resources: {
          items: [],
          errors: [
            { source: 'resourceGraph', scope: '/subscriptions/x', statusCode: 403, message: 'denied' },
          ],
        },
      }),
    );
    expect(result.errors[0]).toMatch(/resourceGraph could not be read at \/subscriptions\/x \(403\)/);
  });

  const inventory = (extra: Partial<IdentityInventory>): IdentityInventory => ({
    attachedUserAssigned: [],
    coverageByType: [],
    coverageBySubscription: [],
    managedResourceGroups: [],
    errors: [],
    ...extra,
  });

  it('leaves out resources in a group another resource manages, and counts them', () => {
    const nodes = resource('Microsoft.Compute/virtualMachineScaleSets', {
      id: `/subscriptions/${SUB}/resourceGroups/MC_rg_aks_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1`,
    });
    const result = evaluate(
      emptySnapshot({
        resources: { items: [nodes], errors: [] },
        identityInventory: inventory({
          managedResourceGroups: [
            {
              id: `/subscriptions/${SUB}/resourcegroups/mc_rg_aks_westeurope`,
              managedBy: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`,
            },
          ],
          coverageByType: [
            { type: 'microsoft.compute/virtualmachinescalesets', resources: 5, withIdentity: 4 },
          ],
        }),
      }),
    );
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([{ reason: EXCLUSION.managedResourceGroup, count: 1 }]);
    expect(result.evaluated).toBe(4);
  });

  it('leaves out free-tier AI Search, which cannot have an identity, and Functions on Container Apps', () => {
    const result = run(
      resource('Microsoft.Search/searchServices', { sku: { name: 'free' } }),
      resource('Microsoft.Search/searchServices', { sku: { name: 'basic' } }),
      resource('Microsoft.Web/sites', { kind: 'functionapp,linux,container,azurecontainerapps' }),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.notEvaluated).toEqual([
      { reason: EXCLUSION.skuWithoutIdentity, count: 1 },
      { reason: EXCLUSION.functionsOnContainerApps, count: 1 },
    ]);
  });

  it("leaves out a SQL server's master database, which the server manages, and still judges its user databases", () => {
    // ARM lists master with kind 'v12.0,system', sku tier System and managedBy the server
    // (a recorded azure-sql-db-list answer, demisto/content).
    const result = run(
      resource('Microsoft.Sql/servers/databases', {
        name: 'sql-prod/master',
        kind: 'v12.0,system',
        sku: { name: 'System', tier: 'System' },
      }),
      resource('Microsoft.Sql/servers/databases', {
        name: 'sql-prod/orders',
        kind: 'v12.0,user,vcore',
        sku: { name: 'GP_Gen5', tier: 'GeneralPurpose' },
      }),
    );
    expect(result.findings.map((f) => f.message)).toEqual([expect.stringContaining("'sql-prod/orders'")]);
    expect(result.notEvaluated).toEqual([{ reason: EXCLUSION.systemDatabase, count: 1 }]);
  });

  it('checks Logic Apps (Standard) under their own name', () => {
    const [finding] = run(resource('Microsoft.Web/sites', { kind: 'functionapp,workflowapp' })).findings;
    expect(finding?.message).toMatch(/^Logic Apps \(Standard\) resource/);
  });

  it('shows the AKS cluster on a service principal, its kubelet identity and workload identity', () => {
    const [finding] = run(
      resource('Microsoft.ContainerService/managedClusters', {
        properties: {
          servicePrincipalClientId: '5a000000-0000-4000-8000-000000000001',
          kubeletIdentity: null,
          oidcIssuerEnabled: true,
          workloadIdentityEnabled: false,
        },
      }),
    ).findings;
    expect(finding?.evidence['aks']).toEqual({
      servicePrincipalClientId: '5a000000-0000-4000-8000-000000000001',
      usesServicePrincipal: true,
      kubeletIdentity: null,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: false,
    });
    expect(finding?.remediation?.cli).toBe(
      `az aks update --ids '${finding!.resourceId}' --enable-managed-identity`,
    );
  });

  it("shows an app's kind and its slots without identity, with the az command for its real id", () => {
    const app = resource('Microsoft.Web/sites', { name: 'app-orders', kind: 'app' });
    const slot = resource('Microsoft.Web/sites/slots', {
      name: 'app-orders/staging',
      id: `${app.id}/slots/staging`,
    });
    const findings = run(app, slot).findings;
    const finding = findings.find((f) => f.resourceId === app.id);
    expect(finding?.evidence).toMatchObject({
      appService: { kind: 'app', slotsWithoutIdentity: ['staging'] },
    });
    expect(finding?.remediation?.cli).toBe(`az webapp identity assign --ids '${app.id}'`);
    // The command is the remediation's, not repeated in the evidence.
    expect(finding?.evidence).not.toHaveProperty('azCommand');
  });

  it("gives each finding its own type's command as the remediation to copy, not the generic template", () => {
    const app = resource('Microsoft.Web/sites', { name: 'app-orders', kind: 'app' });
    const vm = resource('Microsoft.Compute/virtualMachines', { name: 'vm-build' });
    const byId = new Map(run(app, vm).findings.map((f) => [f.resourceId, f.remediation?.cli]));
    expect(byId.get(app.id)).toBe(`az webapp identity assign --ids '${app.id}'`);
    expect(byId.get(vm.id)).toBe(`az vm identity assign --ids '${vm.id}'`);
  });

  it('asks for a user-assigned identity on types that take only those, and names the policy for ML workspaces', () => {
    const [pool] = run(resource('Microsoft.Batch/batchAccounts/pools')).findings;
    expect(pool?.remediation?.cli).toMatch(
      /^az identity create .* && az resource update --ids '.*' --set identity.type=UserAssigned/,
    );
    const [ml] = run(resource('Microsoft.MachineLearningServices/workspaces')).findings;
    expect(JSON.stringify(ml?.evidence['azurePolicy'])).toContain('5f0c7d88-c7de-45b8-ac49-db49e72eaa78');
  });

  it('reports error when the managed resource groups or attachments could not be read', () => {
    const result = evaluate(
      emptySnapshot({
        identityInventory: inventory({
          errors: [
            { source: 'resourceGraph', scope: '/subscriptions/x', statusCode: 429, message: 'throttled' },
          ],
        }),
      }),
    );
    expect(result.errors).toHaveLength(1);
  });
});
