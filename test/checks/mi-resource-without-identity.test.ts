import { describe, expect, it } from 'vitest';

import { evaluate } from '../../src/checks/mi-resource-without-identity/evaluate.js';
import { emptySnapshot, resource } from './snapshotBuilder.js';

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
});
