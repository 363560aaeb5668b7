/**
 * A user-assigned identity may be attached to a child resource that Resource Graph does not hold:
 * "The Azure Machine Learning compute cluster uses a managed identity" (Learn,
 * how-to-identity-based-service-authentication), and a compute is an ARM child of its workspace
 * (Compute_List, `{workspace}/computes`), not a Resource Graph row (the catalogue's
 * `resourceGraphTable: null`). Before, an identity only a compute cluster ran as was reported unused.
 * Here the demo tenant's id-spare runs a compute cluster of a Machine Learning workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

const PROD = '5a000000-0000-4000-8000-000000000002';
const WORKSPACE = `/subscriptions/${PROD}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-forecast`;
const SPARE = `/subscriptions/${PROD}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-spare`;
const CHECK = 'mi-user-assigned-unused';

const LEGACY = `/subscriptions/${PROD}/resourceGroups/rg-identity/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-legacy-batch`;
const PROJECT = `/subscriptions/${PROD}/resourceGroups/rg-dev/providers/Microsoft.DevCenter/projects/proj-payments`;
const SPRING = `/subscriptions/${PROD}/resourceGroups/rg-spring/providers/Microsoft.AppPlatform/Spring/asa-orders`;
const SF_CLUSTER = `/subscriptions/${PROD}/resourceGroups/rg-sf/providers/Microsoft.ServiceFabric/clusters/sf-legacy`;
const SF_MANAGED = `/subscriptions/${PROD}/resourceGroups/rg-sf/providers/Microsoft.ServiceFabric/managedClusters/sfmc-orders`;

/** A Resource Graph row of a parent resource (a system-assigned identity, so it is no finding itself). */
function parentRow(tenant: Record<string, any>, id: string, type: string, principal: string) {
  const [, , , , resourceGroup] = id.split('/');
  (tenant['resources'] as any[]).push({
    id,
    name: id.split('/').pop(),
    type,
    tenantId: tenant['tenantId'],
    kind: '',
    location: 'westeurope',
    resourceGroup,
    subscriptionId: PROD,
    managedBy: '',
    sku: { name: 'Basic', tier: 'Basic' },
    plan: null,
    properties: {},
    tags: {},
    zones: null,
    extendedLocation: null,
    identity: { type: 'SystemAssigned', principalId: principal },
  });
}

/**
 * The demo tenant with some parents (id, type, principal of their system-assigned identity) and
 * children under them, as the children's ARM lists answer them.
 */
function tenantWithChildren(
  parents: [id: string, type: string, principal: string][],
  children: Record<string, unknown>[],
): Record<string, any> {
  const tenant = readFixture(DEMO_TENANT);
  for (const [id, type, principal] of parents) parentRow(tenant, id, type, principal);
  for (const child of children) ((tenant['armResources'] ??= []) as any[]).push(child);
  return tenant;
}

/** Every identity of the demo tenant is in use: the check passes, with nothing unread. */
function expectNoneUnused(report: Awaited<ReturnType<typeof runTimer>>['report']): void {
  expect(report.findings.filter((f) => f.checkId === CHECK)).toEqual([]);
  expect(report.checks.find((c) => c.id === CHECK)?.status).toBe('pass');
  expect(report.coverage.errors).toEqual([]);
}

function tenantWithComputeCluster(): Record<string, any> {
  // The compute as Compute_List answers it (examples/Compute/list.json), with the ARM identity block.
  return tenantWithChildren(
    [[WORKSPACE, 'microsoft.machinelearningservices/workspaces', 'f6000000-0000-4000-8000-000000000031']],
    [
      {
        id: `${WORKSPACE}/computes/cpu-cluster`,
        name: 'cpu-cluster',
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: 'westeurope',
        identity: { type: 'UserAssigned', userAssignedIdentities: { [SPARE]: {} } },
        properties: { computeType: 'AmlCompute', provisioningState: 'Succeeded' },
      },
    ],
  );
}

describe('identities attached to children Resource Graph does not hold', () => {
  let stack: MemoryAudit;
  beforeAll(async () => {
    stack = await startMemoryAudit(tenantWithComputeCluster());
  }, 120_000);
  afterAll(() => stack?.stop());

  it('are not unused when a Machine Learning compute runs as them', async () => {
    const { report } = await runTimer();
    const unused = report.findings
      .filter((f) => f.checkId === CHECK)
      .map((f) => f.resourceId.split('/').pop());
    // The demo tenant's other unused identity is still found.
    expect(unused).toEqual(['id-legacy-batch']);
    expect(report.checks.find((c) => c.id === CHECK)?.status).toBe('fail');
    expect(report.coverage.errors).toEqual([]);
  });
});

describe('identities a project environment type or a Spring app runs as', () => {
  let stack: MemoryAudit;
  beforeAll(async () => {
    // As ProjectEnvironmentTypes_List and Apps_List answer them (devcenter stable/2024-02-01,
    // appplatform stable/2023-12-01 examples): the ARM identity block of each child.
    const tenant = tenantWithChildren(
      [
        [PROJECT, 'microsoft.devcenter/projects', 'f6000000-0000-4000-8000-000000000032'],
        [SPRING, 'microsoft.appplatform/spring', 'f6000000-0000-4000-8000-000000000033'],
      ],
      [
        {
          id: `${PROJECT}/environmentTypes/DevTest`,
          name: 'DevTest',
          type: 'Microsoft.DevCenter/projects/environmentTypes',
          identity: { type: 'UserAssigned', userAssignedIdentities: { [SPARE]: {} } },
          properties: { deploymentTargetId: `/subscriptions/${PROD}`, status: 'Enabled' },
        },
        {
          id: `${SPRING}/apps/orders-api`,
          name: 'orders-api',
          type: 'Microsoft.AppPlatform/Spring/apps',
          identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [LEGACY]: {} } },
          properties: { public: false, provisioningState: 'Succeeded' },
        },
      ],
    );
    stack = await startMemoryAudit(tenant);
  }, 120_000);
  afterAll(() => stack?.stop());

  it('are not unused: the lists under each project and Spring Apps service name them', async () => {
    const { report } = await runTimer();
    expectNoneUnused(report);
  });
});

describe('identities a Service Fabric application runs as', () => {
  let stack: MemoryAudit;
  beforeAll(async () => {
    // An application's own identity, as Learn's templates give it ("add the identity property to the
    // application resource with type userAssigned and the referenced user-assigned identities", with
    // the friendly-name map in properties.managedIdentities); Applications_List of a cluster
    // (servicefabric stable/2021-06-01) and of a managed cluster (stable/2024-04-01) answer it.
    const tenant = tenantWithChildren(
      [
        [SF_CLUSTER, 'microsoft.servicefabric/clusters', 'f6000000-0000-4000-8000-000000000034'],
        [SF_MANAGED, 'microsoft.servicefabric/managedclusters', 'f6000000-0000-4000-8000-000000000035'],
      ],
      [
        {
          id: `${SF_CLUSTER}/applications/billing`,
          name: 'billing',
          type: 'Microsoft.ServiceFabric/clusters/applications',
          location: 'westeurope',
          identity: { type: 'userAssigned', userAssignedIdentities: { [SPARE]: {} } },
          properties: {
            typeName: 'BillingType',
            typeVersion: '1.0',
            managedIdentities: [{ name: 'billing', principalId: 'f6000000-0000-4000-8000-000000000036' }],
          },
        },
        {
          id: `${SF_MANAGED}/applications/orders`,
          name: 'orders',
          type: 'Microsoft.ServiceFabric/managedClusters/applications',
          location: 'westeurope',
          identity: { type: 'UserAssigned', userAssignedIdentities: { [LEGACY]: {} } },
          properties: { version: `${SF_MANAGED}/applicationTypes/OrdersType/versions/1.0` },
        },
      ],
    );
    stack = await startMemoryAudit(tenant);
  }, 120_000);
  afterAll(() => stack?.stop());

  it('are not unused: the lists under each cluster and managed cluster name them', async () => {
    const { report } = await runTimer();
    expectNoneUnused(report);
  });
});
