import { MANAGED_IDENTITY_TYPES } from '../src/azure/managedIdentityTypes.js';
import { localAuthOffForType } from './localAuthCases.js';

/** Options of a synthetic tenant; every count is exact. */
export interface SyntheticTenantOptions {
  seed: number;
  /** Rows of the `resources` table, the workspace, vaults and user-assigned identities included. */
  resources: number;
  vaults?: number;
  logRows?: number;
  /** Role assignments besides the auditor's own two. */
  assignments?: number;
  subscriptions?: number;
  /**
   * Management groups below the tenant root group, in a tree at most six levels deep (Azure's limit
   * below the root: Learn, "What are Azure management groups?", "Important facts about management
   * groups"); subscriptions are spread over it and one role assignment in fifty is at a group.
   * 0 (the default) keeps every subscription under the root, and the tenant as before.
   */
  managementGroups?: number;
}

/**
 * What the generator planted, per check id: the findings a correct audit of the tenant reports.
 * Each count follows the check's rule in docs/contract.md ("Check ids"), applied to what was
 * planted, never to what mi-auditor computes.
 */
export type PlantedFindings = Record<string, number>;

/** A synthetic tenant and the findings planted in it. */
export interface SyntheticTenant {
  fixture: Record<string, unknown>;
  expectedFindings: PlantedFindings;
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

/**
 * Resource types of the background, and whether each supports managed identities: the common ones
 * (App Service, VMs, storage, SQL, Container Apps and Logic Apps do; network interfaces, virtual
 * networks and managed disks do not), then every other type of the managed-identity catalogue
 * (src/azure/managedIdentityTypes.ts, Microsoft's table) that Resource Graph keeps in `resources`,
 * the check evaluates and a system-assigned identity suits, without SKU conditions, and that is not
 * a local-auth service (those keep the local-auth cases planted for them).
 */
const COMMON_TYPES: { type: string; kind?: string; supportsIdentity: boolean }[] = [
  { type: 'Microsoft.Web/sites', kind: 'app', supportsIdentity: true },
  { type: 'Microsoft.Web/sites', kind: 'functionapp', supportsIdentity: true },
  { type: 'Microsoft.Compute/virtualMachines', supportsIdentity: true },
  { type: 'Microsoft.Storage/storageAccounts', kind: 'StorageV2', supportsIdentity: true },
  { type: 'Microsoft.Sql/servers', supportsIdentity: true },
  { type: 'Microsoft.Network/networkInterfaces', supportsIdentity: false },
  { type: 'Microsoft.Network/virtualNetworks', supportsIdentity: false },
  { type: 'Microsoft.App/containerApps', supportsIdentity: true },
  { type: 'Microsoft.Logic/workflows', supportsIdentity: true },
  { type: 'Microsoft.Compute/disks', supportsIdentity: false },
];
const TYPES = [
  ...COMMON_TYPES,
  ...MANAGED_IDENTITY_TYPES.filter(
    (t) =>
      t.resourceGraphTable === 'resources' &&
      t.purpose !== 'notEvaluated' &&
      t.systemAssigned &&
      !t.onlySkus &&
      !COMMON_TYPES.some((c) => c.type.toLowerCase() === t.type) &&
      // Local-auth services stay those of the common list: their cases are planted per type.
      !localAuthOffForType(t.type, `/subscriptions/x/resourceGroups/x/providers/${t.armType}/x`),
  ).map((t): { type: string; kind?: string; supportsIdentity: boolean } => ({
    type: t.armType,
    supportsIdentity: true,
  })),
];

/** Operations of managed identities in the background: none of them is a finding. */
const BACKGROUND_OPERATIONS = ['SecretGet', 'SecretGet', 'SecretGet', 'SecretList', 'KeyGet', 'VaultGet'];

/** Built-in role GUIDs (Microsoft Learn, "Azure built-in roles"). */
const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  logAnalyticsReader: '73c42c96-874c-492b-b04d-ab87d138a893',
};

/** The contract's owner limit (rbac-too-many-owners: more than 3, or a single owner). */
const MAX_OWNERS = 3;
/** The contract's default threshold of kv-secret-mass-retrieval. */
const MASS_RETRIEVAL_SECRETS = 25;
/** Background callers touch at most this many distinct secrets per vault: far below the threshold. */
const BACKGROUND_SECRETS = 10;

/**
 * A synthetic tenant of any size for the benchmark, in the tenant-fixture format (docs/tenant-fixture.md). Deterministic by
 * seed. The auditor holds Reader and Log Analytics Reader at the root group.
 */
export function generateTenant(options: SyntheticTenantOptions): Record<string, unknown> {
  return generateSyntheticTenant(options).fixture;
}

/**
 * A synthetic tenant and the findings planted in it. The background is clean by construction
 * (managed identities reading a few secrets, readers at resource-group scope); problems are planted
 * at known rates and counted as they are planted.
 */
export function generateSyntheticTenant(options: SyntheticTenantOptions): SyntheticTenant {
  const rand = prng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const expected: PlantedFindings = {};
  const plant = (checkId: string, n = 1) => (expected[checkId] = (expected[checkId] ?? 0) + n);

  const tenantId = guid('7b000000', options.seed);
  const subCount = options.subscriptions ?? Math.max(1, Math.ceil(options.resources / 5000));
  const subs = Array.from({ length: subCount }, (_, i) => guid('5b000000', i + 1));
  const auditor = guid('a3000000', 1);
  const now = '2026-11-20T06:00:00Z';
  const hierarchy = managementGroupTree(tenantId, subs, options.managementGroups ?? 0, options.seed);

  // Directory: managed identities, app registrations with credentials, members and guests.
  const principals: Record<string, unknown>[] = [];
  const byKind = { mi: [] as string[], app: [] as string[], member: [] as string[], guest: [] as string[] };
  for (let i = 0; i < 200; i++) {
    const id = guid('b9000000', i);
    if (i % 10 === 0) {
      principals.push({
        id,
        '@odata.type': '#microsoft.graph.servicePrincipal',
        displayName: `mi-${i}`,
        servicePrincipalType: 'ManagedIdentity',
        appId: guid('ba000000', i),
      });
      byKind.mi.push(id);
    } else if (i % 10 === 5) {
      principals.push({
        id,
        '@odata.type': '#microsoft.graph.servicePrincipal',
        displayName: `app-${i}`,
        servicePrincipalType: 'Application',
        appId: guid('ba000000', i),
        // A client secret on the service principal (Graph's passwordCredential): what makes it an
        // app that signs in with its own credentials. A year long, so app-credential-expiry is quiet.
        passwordCredentials: [
          {
            keyId: guid('bb000000', i),
            displayName: 'ci',
            hint: 'Q~a',
            startDateTime: '2026-06-01T00:00:00Z',
            endDateTime: '2027-06-01T00:00:00Z',
          },
        ],
      });
      byKind.app.push(id);
    } else if (i % 17 === 0) {
      // A guest's UPN carries #EXT#, so it is known as a guest even without userType.
      principals.push({
        id,
        '@odata.type': '#microsoft.graph.user',
        displayName: `guest-${i}`,
        userType: 'Guest',
        userPrincipalName: `guest${i}_partner.example#EXT#@bench.example`,
      });
      byKind.guest.push(id);
    } else {
      principals.push({
        id,
        '@odata.type': '#microsoft.graph.user',
        displayName: `user-${i}`,
        userType: 'Member',
        userPrincipalName: `user${i}@bench.example`,
      });
      byKind.member.push(id);
    }
  }
  principals.push({
    id: auditor,
    '@odata.type': '#microsoft.graph.servicePrincipal',
    displayName: 'func-mi-auditor',
    servicePrincipalType: 'ManagedIdentity',
    appId: guid('a3000000', 2),
  });

  // Resources: the workspace, the vaults, user-assigned identities, then the background.
  const resources: Record<string, unknown>[] = [];
  const lawId = `/subscriptions/${subs[0]}/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-bench`;
  resources.push({
    id: lawId,
    name: 'law-bench',
    type: 'microsoft.operationalinsights/workspaces',
    subscriptionId: subs[0],
    resourceGroup: 'rg-monitor',
    properties: { customerId: guid('3c000000', 1), features: { disableLocalAuth: true } },
    identity: { type: 'SystemAssigned', principalId: guid('f8000000', 1) },
  });
  const vaultIds: string[] = [];
  const vaultCount = Math.min(options.vaults ?? 0, Math.max(0, options.resources - resources.length));
  const diagnosticSettings: Record<string, unknown[]> = {};
  for (let v = 0; v < vaultCount; v++) {
    const sub = subs[v % subs.length]!;
    const id = `/subscriptions/${sub}/resourceGroups/rg-kv${v % 20}/providers/Microsoft.KeyVault/vaults/kv-bench-${v}`;
    vaultIds.push(id);
    const rbac = rand() < 0.7;
    if (!rbac) plant('kv-access-policy-model');
    resources.push({
      id,
      name: `kv-bench-${v}`,
      type: 'microsoft.keyvault/vaults',
      subscriptionId: sub,
      resourceGroup: `rg-kv${v % 20}`,
      properties: { enableRbacAuthorization: rbac, ...(rbac ? {} : { accessPolicies: [] }) },
    });
    if (v % 3 === 0) plant('kv-audit-logging-missing');
    else
      diagnosticSettings[id] = [
        {
          name: 'audit',
          properties: { workspaceId: lawId, logs: [{ categoryGroup: 'audit', enabled: true }] },
        },
      ];
  }
  // One user-assigned identity per 2,000 resources; every other one is attached to a web app.
  const uaiCount = Math.min(Math.floor(options.resources / 2000), options.resources - resources.length);
  const uaiIds: string[] = [];
  for (let u = 0; u < uaiCount; u++) {
    const sub = subs[u % subs.length]!;
    const id = `/subscriptions/${sub}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-${u}`;
    resources.push({
      id,
      name: `uai-${u}`,
      type: 'microsoft.managedidentity/userassignedidentities',
      subscriptionId: sub,
      resourceGroup: 'rg-identities',
      properties: { principalId: guid('f7000000', u), clientId: guid('f6000000', u) },
    });
    if (u % 2 === 0) uaiIds.push(id);
    else plant('mi-user-assigned-unused');
  }
  // Local authentication (local-auth-enabled): off on the background, left on for every tenth
  // resource of a service in the check's table, each such resource planted as one finding.
  const armResources: Record<string, unknown>[] = [];
  while (resources.length < options.resources) {
    const i = resources.length;
    const sub = subs[i % subs.length]!;
    const t = pick(TYPES);
    const rg = `rg-${i % 200}`;
    const name = `res-${i}`;
    const provider = t.type.split('/');
    let identity: Record<string, unknown> | null | undefined;
    const attach = t.type === 'Microsoft.Web/sites' ? uaiIds.pop() : undefined;
    if (attach) {
      identity = {
        type: 'UserAssigned',
        userAssignedIdentities: {
          [attach]: { principalId: guid('f7000000', i), clientId: guid('f6000000', i) },
        },
      };
    } else if (rand() < 0.6) {
      identity = { type: 'SystemAssigned', principalId: guid('f9000000', i) };
    } else {
      identity = rand() < 0.5 ? null : undefined;
      if (t.supportsIdentity) plant('mi-resource-without-identity');
    }
    resources.push({
      id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${provider[0]}/${provider.slice(1).join('/')}/${name}`,
      name,
      type: t.type.toLowerCase(),
      kind: t.kind ?? '',
      location: pick(['westeurope', 'northeurope', 'eastus']),
      subscriptionId: sub,
      resourceGroup: rg,
      properties: {
        index: i,
        ...localAuth(
          t.type,
          `/subscriptions/${sub}/resourceGroups/${rg}/providers/${provider[0]}/${provider.slice(1).join('/')}/${name}`,
          i,
        ),
      },
      tags: rand() < 0.3 ? { env: pick(['prod', 'dev']) } : {},
      ...(identity === undefined ? {} : { identity }),
    });
  }
  function localAuth(type: string, id: string, i: number): Record<string, unknown> {
    const off = localAuthOffForType(type, id);
    if (!off) return {};
    if (i % 10 === 3) {
      plant('local-auth-enabled');
      return {};
    }
    for (const child of off.armResources) armResources.push(child);
    return off.properties;
  }
  // Identities left over (too few web apps to attach them to) are unused too.
  plant('mi-user-assigned-unused', uaiIds.length);

  // Role assignments: readers at resource-group scope, with problems planted at known rates.
  const roleAssignments: Record<string, unknown>[] = [];
  // Apps that reach Azure (a role assignment, or a secret read): each is an app-secret-credential finding.
  const apps = new Set(byKind.app);
  const appsReachingAzure = new Set<string>();
  const assign = (scope: string, role: string, principalId: string, principalType: string) => {
    if (apps.has(principalId)) appsReachingAzure.add(principalId);
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
  const root = `/providers/Microsoft.Management/managementGroups/${tenantId}`;
  assign(root, ROLE.reader, auditor, 'ServicePrincipal');
  assign(root, ROLE.logAnalyticsReader, auditor, 'ServicePrincipal');
  const ownersBySub = new Map<string, Set<string>>();
  const subscriptionOwner = (sub: string, principalId: string) => {
    const set = ownersBySub.get(sub) ?? new Set<string>();
    set.add(principalId);
    ownersBySub.set(sub, set);
  };
  // With a hierarchy, one assignment in fifty is at a management group (their own random stream, so
  // that a tenant without groups is as before).
  const atGroups = hierarchy.groups.length ? Math.floor((options.assignments ?? 0) / 50) : 0;
  for (let i = 0; i < (options.assignments ?? 0) - atGroups; i++) {
    const sub = pick(subs);
    const subScope = `/subscriptions/${sub}`;
    const rgScope = `${subScope}/resourceGroups/rg-${Math.floor(rand() * 200)}`;
    const r = rand();
    if (r < 0.01) {
      const p = pick(byKind.member);
      assign(subScope, ROLE.owner, p, 'User');
      plant('rbac-privileged-role-broad-scope');
      subscriptionOwner(sub, p);
    } else if (r < 0.015) {
      const p = pick(byKind.app);
      assign(subScope, ROLE.owner, p, 'ServicePrincipal');
      plant('rbac-privileged-role-broad-scope');
      plant('rbac-service-principal-privileged');
      subscriptionOwner(sub, p);
    } else if (r < 0.03) {
      assign(subScope, ROLE.contributor, pick(byKind.mi), 'ServicePrincipal');
      plant('rbac-privileged-role-broad-scope');
    } else if (r < 0.035) {
      assign(rgScope, ROLE.contributor, pick(byKind.guest), 'User');
      plant('rbac-guest-privileged');
    } else if (r < 0.045) {
      assign(subScope, ROLE.keyVaultSecretsUser, pick(byKind.mi), 'ServicePrincipal');
      plant('rbac-keyvault-data-role-broad-scope');
    } else if (r < 0.06) {
      assign(rgScope, ROLE.reader, guid('dead0000', i), 'User');
      plant('rbac-orphaned-assignment');
    } else if (r < 0.1) {
      // Owner at resource-group scope: broad-scope and owner-count rules do not apply.
      assign(rgScope, ROLE.owner, pick(byKind.member), 'User');
    } else {
      const user = rand() < 0.5;
      assign(
        rgScope,
        pick([ROLE.reader, ROLE.keyVaultSecretsUser]),
        user ? pick([...byKind.member, ...byKind.guest]) : pick([...byKind.mi, ...byKind.app]),
        user ? 'User' : 'ServicePrincipal',
      );
    }
  }
  // Grants at management groups reach every subscription below them (owners counted there too).
  const groupRand = prng(options.seed ^ 0x6d67);
  const groupPick = <T>(list: readonly T[]): T => list[Math.floor(groupRand() * list.length)]!;
  const ownersByGroup = new Map<string, Set<string>>();
  for (let i = 0; i < atGroups; i++) {
    const group = groupPick(hierarchy.groups);
    const scope = `/providers/Microsoft.Management/managementGroups/${group.name}`;
    const r = groupRand();
    let owner: string | undefined;
    if (r < 0.2) {
      owner = groupPick(byKind.member);
      assign(scope, ROLE.owner, owner, 'User');
      plant('rbac-privileged-role-broad-scope');
    } else if (r < 0.25) {
      owner = groupPick(byKind.app);
      assign(scope, ROLE.owner, owner, 'ServicePrincipal');
      plant('rbac-privileged-role-broad-scope');
      plant('rbac-service-principal-privileged');
    } else if (r < 0.35) {
      assign(scope, ROLE.keyVaultSecretsUser, groupPick(byKind.mi), 'ServicePrincipal');
      plant('rbac-keyvault-data-role-broad-scope');
    } else {
      // Reader at a group: no finding.
      assign(scope, ROLE.reader, groupPick([...byKind.mi, ...byKind.app]), 'ServicePrincipal');
    }
    if (owner) {
      const set = ownersByGroup.get(group.name) ?? new Set<string>();
      set.add(owner);
      ownersByGroup.set(group.name, set);
    }
  }
  // More than three owners, or exactly one (CIS 5.27's two-owner minimum; none at all is not a finding),
  // direct or inherited from a group above.
  for (const sub of subs) {
    const owners = new Set(ownersBySub.get(sub));
    for (const g of hierarchy.ancestorsOf.get(sub) ?? [])
      for (const p of ownersByGroup.get(g) ?? []) owners.add(p);
    if (owners.size > MAX_OWNERS || owners.size === 1) plant('rbac-too-many-owners');
  }

  // Key Vault audit logs: managed identities in the background, problems planted per vault.
  const nowMs = Date.parse(now);
  const logCount = options.logRows ?? 0;
  const logs: Record<string, unknown>[] = [];
  const principalById = new Map(principals.map((p) => [p['id'] as string, p]));
  const vaultLog = (vault: string, op: string, status: number, caller: string | null, secret: string) => {
    const p = caller ? principalById.get(caller) : undefined;
    const app = p?.['@odata.type'] === '#microsoft.graph.servicePrincipal';
    if (caller && apps.has(caller) && status === 200 && op === 'SecretGet') appsReachingAzure.add(caller);
    logs.push({
      TimeGenerated: new Date(nowMs - Math.floor(rand() * 6 * 86_400_000)).toISOString(),
      OperationName: op,
      HttpStatusCode: status,
      ResultSignature: status === 200 ? 'OK' : status === 401 ? 'Unauthorized' : 'Forbidden',
      CallerIpAddress: `10.${logs.length % 250}.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`,
      Identity: caller
        ? {
            claim: {
              oid: caller,
              appid: (p?.['appId'] as string | undefined) ?? '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
              idtyp: app ? 'app' : 'user',
              ...(app ? {} : { upn: p?.['userPrincipalName'] }),
            },
          }
        : null,
      Id: `https://${vault.split('/').pop()}.vault.azure.net/secrets/${secret}/v1`,
      _ResourceId: vault.toLowerCase(),
      Type: 'AZKVAuditLogs',
    });
  };
  // Planted rows take at most a tenth of the log budget; each vault gets the plants its number selects.
  const plantBudget = Math.floor(logCount / 10);
  for (let v = 0; v < vaultIds.length; v++) {
    const vault = vaultIds[v]!;
    const plans: { check: string; rows: () => void; size: number }[] = [];
    if (v % 4 === 1) {
      const user = byKind.member[v % byKind.member.length]!;
      plans.push({
        check: 'kv-non-managed-identity-caller',
        size: 3,
        rows: () => {
          for (let k = 0; k < 3; k++) vaultLog(vault, 'SecretGet', 200, user, `s${k}`);
        },
      });
    }
    if (v % 4 === 2) {
      const app = byKind.app[v % byKind.app.length]!;
      plans.push({
        check: 'kv-non-managed-identity-caller',
        size: 3,
        rows: () => {
          // Its reads make the finding; a list (names only) would not.
          for (let k = 0; k < 2; k++) vaultLog(vault, 'SecretGet', 200, app, `s${k}`);
          vaultLog(vault, 'SecretList', 200, app, '');
        },
      });
    }
    if (v % 5 === 3) {
      const mi = byKind.mi[v % byKind.mi.length]!;
      plans.push({
        check: 'kv-access-denied',
        size: 2,
        rows: () => {
          for (let k = 0; k < 2; k++) vaultLog(vault, 'SecretGet', 403, mi, `s${k}`);
        },
      });
    }
    if (v % 10 === 7) {
      const mi = byKind.mi[(v + 3) % byKind.mi.length]!;
      const n = MASS_RETRIEVAL_SECRETS + 5;
      plans.push({
        check: 'kv-secret-mass-retrieval',
        size: n,
        rows: () => {
          for (let k = 0; k < n; k++) vaultLog(vault, 'SecretGet', 200, mi, `bulk${k}`);
        },
      });
    }
    for (const p of plans) {
      if (logs.length + p.size > plantBudget) continue;
      p.rows();
      plant(p.check);
    }
  }
  while (logs.length < logCount) {
    const vault = vaultIds.length ? vaultIds[logs.length % vaultIds.length]! : lawId;
    // Key Vault's authentication challenge: an unauthenticated 401, never a finding.
    if (rand() < 0.05) vaultLog(vault, 'Authentication', 401, null, '');
    else
      vaultLog(
        vault,
        pick(BACKGROUND_OPERATIONS),
        200,
        pick(byKind.mi),
        `s${Math.floor(rand() * BACKGROUND_SECRETS)}`,
      );
  }

  plant('app-secret-credential', appsReachingAzure.size);

  return {
    fixture: {
      formatVersion: 1,
      tenantId,
      now,
      auditor: {
        kind: 'SystemAssigned',
        principalId: auditor,
        clientId: guid('a3000000', 2),
        resourceId: `/subscriptions/${subs[0]}/resourceGroups/rg-audit/providers/Microsoft.Web/sites/func-mi-auditor`,
      },
      managementGroups: [
        { name: tenantId, displayName: 'Tenant Root Group', parent: null },
        ...hierarchy.groups.map((g) => ({ name: g.name, displayName: g.name, parent: g.parent })),
      ],
      subscriptions: subs.map((s, i) => ({
        subscriptionId: s,
        displayName: `bench-${i}`,
        state: 'Enabled',
        ...(hierarchy.placement.has(s) ? { managementGroup: hierarchy.placement.get(s) } : {}),
      })),
      principals,
      resources,
      roleAssignments,
      diagnosticSettings,
      armResources,
      workspaces: [
        {
          resourceId: lawId,
          customerId: guid('3c000000', 1),
          tables: { AZKVAuditLogs: logs, AzureDiagnostics: [] },
        },
      ],
    },
    expectedFindings: expected,
  };
}

/** Levels of management groups below the root that Azure allows. */
const MAX_GROUP_DEPTH = 6;

/** A synthetic management-group tree and where each subscription sits in it. */
interface ManagementGroupTree {
  groups: { name: string; parent: string }[];
  /** The group a subscription sits in (absent: the root). */
  placement: Map<string, string>;
  /** A subscription's groups from its own up to, not including, the root. */
  ancestorsOf: Map<string, string[]>;
}

/**
 * `count` groups below the root: the first few are the root's children (a landing-zone layout's
 * platform and landing-zone groups), each further one the child of an earlier group less than six
 * levels deep. Subscriptions sit in groups at random, from a random stream of their own.
 */
function managementGroupTree(
  tenantId: string,
  subs: readonly string[],
  count: number,
  seed: number,
): ManagementGroupTree {
  const tree: ManagementGroupTree = { groups: [], placement: new Map(), ancestorsOf: new Map() };
  if (count === 0) return tree;
  const rand = prng(seed ^ 0x4d47);
  const depth = new Map<string, number>([[tenantId, 0]]);
  const parentOf = new Map<string, string>();
  // Groups that may still have children: fewer than six levels below the root.
  const shallow: string[] = [];
  for (let g = 0; g < count; g++) {
    const name = `mg-${g}`;
    const parent = g < 4 ? tenantId : shallow[Math.floor(rand() * shallow.length)]!;
    const level = depth.get(parent)! + 1;
    depth.set(name, level);
    parentOf.set(name, parent);
    tree.groups.push({ name, parent });
    if (level < MAX_GROUP_DEPTH) shallow.push(name);
  }
  for (const sub of subs) {
    const group = tree.groups[Math.floor(rand() * tree.groups.length)]!.name;
    tree.placement.set(sub, group);
    const chain: string[] = [];
    for (let g: string | undefined = group; g && g !== tenantId; g = parentOf.get(g)) chain.push(g);
    tree.ancestorsOf.set(sub, chain);
  }
  return tree;
}
