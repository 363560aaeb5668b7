/** Options of a synthetic tenant; every count is exact. */
export interface SyntheticTenantOptions {
  seed: number;
  resources: number;
  vaults?: number;
  logRows?: number;
  assignments?: number;
  subscriptions?: number;
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same tenant. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const guid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;

const TYPES: { type: string; kind?: string }[] = [
  { type: 'Microsoft.Web/sites', kind: 'app' },
  { type: 'Microsoft.Web/sites', kind: 'functionapp' },
  { type: 'Microsoft.Compute/virtualMachines' },
  { type: 'Microsoft.Storage/storageAccounts', kind: 'StorageV2' },
  { type: 'Microsoft.Sql/servers' },
  { type: 'Microsoft.Network/networkInterfaces' },
  { type: 'Microsoft.Network/virtualNetworks' },
  { type: 'Microsoft.App/containerApps' },
  { type: 'Microsoft.Logic/workflows' },
  { type: 'Microsoft.Compute/disks' },
];

const OPERATIONS = [
  'SecretGet',
  'SecretGet',
  'SecretGet',
  'SecretList',
  'KeyGet',
  'Authentication',
  'VaultGet',
  'SecretSet',
];

/**
 * A synthetic tenant of any size for the benchmark, in the tenant-fixture format (docs/tenant-fixture.md). Deterministic by
 * seed. The auditor holds Reader and Log Analytics Reader at the root group.
 */
export function generateTenant(options: SyntheticTenantOptions): Record<string, unknown> {
  const rand = prng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const tenantId = guid('7b000000', options.seed);
  const subCount = options.subscriptions ?? Math.max(1, Math.ceil(options.resources / 5000));
  const subs = Array.from({ length: subCount }, (_, i) => guid('5b000000', i + 1));
  const auditor = guid('a3000000', 1);
  const now = '2026-11-20T06:00:00Z';
  const resources: Record<string, unknown>[] = [];
  const lawId = `/subscriptions/${subs[0]}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-bench`;
  resources.push({
    id: lawId,
    name: 'law-bench',
    type: 'microsoft.operationalinsights/workspaces',
    subscriptionId: subs[0],
    resourceGroup: 'rg-monitor',
    properties: { customerId: guid('3c000000', 1) },
    identity: null,
  });
  const vaultIds: string[] = [];
  for (let v = 0; v < (options.vaults ?? 0); v++) {
    const sub = subs[v % subs.length]!;
    const id = `/subscriptions/${sub}/resourceGroups/rg-kv${v % 20}/providers/Microsoft.KeyVault/vaults/kv-bench-${v}`;
    vaultIds.push(id);
    resources.push({
      id,
      name: `kv-bench-${v}`,
      type: 'microsoft.keyvault/vaults',
      subscriptionId: sub,
      resourceGroup: `rg-kv${v % 20}`,
      properties: { enableRbacAuthorization: rand() < 0.7 },
    });
  }
  while (resources.length < options.resources) {
    const i = resources.length;
    const sub = subs[i % subs.length]!;
    const t = pick(TYPES);
    const rg = `rg-${i % 200}`;
    const name = `res-${i}`;
    const provider = t.type.split('/');
    resources.push({
      id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${provider[0]}/${provider.slice(1).join('/')}/${name}`,
      name,
      type: t.type.toLowerCase(),
      kind: t.kind ?? '',
      location: pick(['westeurope', 'northeurope', 'eastus']),
      subscriptionId: sub,
      resourceGroup: rg,
      properties: { index: i },
      tags: rand() < 0.3 ? { env: pick(['prod', 'dev']) } : {},
      ...(rand() < 0.6
        ? { identity: { type: 'SystemAssigned', principalId: guid('f9000000', i) } }
        : rand() < 0.5
          ? { identity: null }
          : {}),
    });
  }
  const principals = Array.from({ length: 200 }, (_, i) => ({
    id: guid('b9000000', i),
    '@odata.type': i % 5 === 0 ? '#microsoft.graph.servicePrincipal' : '#microsoft.graph.user',
    displayName: `principal-${i}`,
    ...(i % 5 === 0
      ? { servicePrincipalType: i % 10 === 0 ? 'ManagedIdentity' : 'Application', appId: guid('ba000000', i) }
      : { userType: i % 17 === 0 ? 'Guest' : 'Member', userPrincipalName: `p${i}@bench.example` }),
  }));
  const roles = [
    '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    'b24988ac-6180-42a0-ab88-20f7382dd24c',
    'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    '4633458b-17de-408a-b874-0445c86b69e6',
  ];
  const roleAssignments: Record<string, unknown>[] = [];
  const assign = (scope: string, role: string, principalId: string, principalType: string) => {
    const name = guid('ad000000', roleAssignments.length + 1);
    roleAssignments.push({
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      properties: {
        scope,
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role}`,
        principalId,
        principalType,
      },
    });
  };
  assign(
    `/providers/Microsoft.Management/managementGroups/${tenantId}`,
    'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    auditor,
    'ServicePrincipal',
  );
  assign(
    `/providers/Microsoft.Management/managementGroups/${tenantId}`,
    '73c42c96-874c-492b-b04d-ab87d138a893',
    auditor,
    'ServicePrincipal',
  );
  for (let i = 0; i < (options.assignments ?? 0); i++) {
    const sub = pick(subs);
    const scope =
      rand() < 0.3
        ? `/subscriptions/${sub}`
        : `/subscriptions/${sub}/resourceGroups/rg-${Math.floor(rand() * 200)}`;
    const p = pick(principals);
    assign(
      scope,
      pick(roles),
      rand() < 0.02 ? guid('dead0000', i) : p.id,
      p['@odata.type'].endsWith('user') ? 'User' : 'ServicePrincipal',
    );
  }
  const nowMs = Date.parse(now);
  const logs = Array.from({ length: options.logRows ?? 0 }, (_, i) => {
    const vault = vaultIds.length ? vaultIds[i % vaultIds.length]! : lawId;
    const p = principals[Math.floor(rand() * principals.length)]!;
    const op = pick(OPERATIONS);
    const status = op === 'Authentication' ? 401 : rand() < 0.03 ? 403 : 200;
    return {
      TimeGenerated: new Date(nowMs - Math.floor(rand() * 6 * 86_400_000)).toISOString(),
      OperationName: op,
      HttpStatusCode: status,
      ResultSignature: status === 200 ? 'OK' : status === 401 ? 'Unauthorized' : 'Forbidden',
      CallerIpAddress: `10.${i % 250}.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`,
      Identity:
        status === 401
          ? null
          : {
              claim: {
                oid: p.id,
                appid: (p as { appId?: string }).appId ?? '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
                idtyp: p['@odata.type'].endsWith('user') ? 'user' : 'app',
              },
            },
      Id: `https://${vault.split('/').pop()}.vault.azure.net/secrets/s${Math.floor(rand() * 60)}/v1`,
      _ResourceId: vault.toLowerCase(),
      Type: 'AZKVAuditLogs',
    };
  });
  return {
    formatVersion: 1,
    tenantId,
    now,
    auditor: {
      kind: 'SystemAssigned',
      principalId: auditor,
      clientId: guid('a3000000', 2),
      resourceId: `/subscriptions/${subs[0]}/resourceGroups/rg-audit/providers/Microsoft.Web/sites/func-mi-auditor`,
    },
    managementGroups: [{ name: tenantId, displayName: 'Tenant Root Group', parent: null }],
    subscriptions: subs.map((s, i) => ({ subscriptionId: s, displayName: `bench-${i}`, state: 'Enabled' })),
    principals,
    resources,
    roleAssignments,
    diagnosticSettings: Object.fromEntries(
      vaultIds
        .filter((_, i) => i % 3 !== 0)
        .map((id) => [
          id,
          [
            {
              name: 'audit',
              properties: { workspaceId: lawId, logs: [{ categoryGroup: 'audit', enabled: true }] },
            },
          ],
        ]),
    ),
    workspaces: [{ resourceId: lawId, customerId: guid('3c000000', 1), tables: { AZKVAuditLogs: logs } }],
  };
}
