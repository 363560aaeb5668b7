import { CHECKS } from '../../src/checks/registry.js';
import { portalAccessControlLink, portalResourceLink } from '../../src/report/portalLinks.js';
import type { AuditReport, CheckSummary, ReportFinding } from '../../src/report/reportModel.js';
import { SEVERITIES, type Severity } from '../../src/severity.js';

const TENANT = '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const SUBSCRIPTIONS = 200;
const GROUPS_PER_SUBSCRIPTION = 10;
const PRINCIPALS = 5000;
const OWNERS = 300;

/** Deterministic pseudo-random numbers (mulberry32), so every run of the test sees the same tenant. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const guid = (kind: number, n: number) => `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;

/**
 * The management-group tree of a large enterprise (as AzGovViz draws them): a root, platform and
 * landing zones, and under landing zones one group per business unit with corp / online children.
 */
function managementGroups(): NonNullable<AuditReport['managementGroups']> {
  const groups: NonNullable<AuditReport['managementGroups']> = [
    { name: TENANT, displayName: 'Tenant Root Group', parent: null },
    { name: 'platform', displayName: 'Platform', parent: TENANT },
    { name: 'landing-zones', displayName: 'Landing Zones', parent: TENANT },
    { name: 'sandbox', displayName: 'Sandbox', parent: TENANT },
  ];
  for (let u = 0; u < 10; u++) {
    groups.push({ name: `bu-${u}`, displayName: `Business unit ${u}`, parent: 'landing-zones' });
    groups.push({ name: `bu-${u}-corp`, displayName: `BU ${u} corp`, parent: `bu-${u}` });
    groups.push({ name: `bu-${u}-online`, displayName: `BU ${u} online`, parent: `bu-${u}` });
  }
  return groups;
}

/** Where subscription `s` sits in the tree, root first. */
function pathOf(s: number): string[] {
  if (s < 10) return [TENANT, 'platform'];
  if (s < 20) return [TENANT, 'sandbox'];
  const u = s % 10;
  return [TENANT, 'landing-zones', `bu-${u}`, `bu-${u}-${s % 3 === 0 ? 'online' : 'corp'}`];
}

/** How findings spread over checks in a large tenant: most are resources without an identity. */
const SPREAD: [checkId: string, weight: number][] = [
  ['mi-resource-without-identity', 55],
  ['local-auth-enabled', 15],
  ['rbac-privileged-role-broad-scope', 6],
  ['rbac-service-principal-privileged', 5],
  ['rbac-orphaned-assignment', 4],
  ['rbac-keyvault-data-role-broad-scope', 3],
  ['kv-audit-logging-missing', 3],
  ['kv-access-policy-model', 3],
  ['kv-non-managed-identity-caller', 2],
  ['kv-access-denied', 2],
  ['mi-user-assigned-unused', 1],
  ['app-secret-credential', 1],
];

const ROLE_CHECKS = new Set([
  'rbac-privileged-role-broad-scope',
  'rbac-service-principal-privileged',
  'rbac-orphaned-assignment',
  'rbac-keyvault-data-role-broad-scope',
]);

const TYPES = [
  ['Microsoft.Web/sites', 'app', 'App Service'],
  ['Microsoft.Sql/servers', 'sql', 'SQL server'],
  ['Microsoft.Storage/storageAccounts', 'st', 'Storage account'],
  ['Microsoft.ContainerService/managedClusters', 'aks', 'AKS cluster'],
  ['Microsoft.DataFactory/factories', 'adf', 'Data Factory'],
  ['Microsoft.Logic/workflows', 'logic', 'Logic app'],
] as const;

/** The numbers the test checks the dashboard against, counted while the findings are made. */
export interface LargeTenantCounts {
  total: number;
  /** Every finding's severity, suppressed ones included (what the severity filter shows). */
  bySeverity: Record<Severity, number>;
  byArea: Map<string, number>;
  byCheck: Map<string, number>;
  bySubscription: Map<string, number>;
  byOwner: Map<string, number>;
  byState: Map<string, number>;
  byManagementGroup: Map<string, number>;
  byResourceGroup: Map<string, number>;
  byPrincipal: Map<string, number>;
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * A report of `n` findings spread like a large enterprise tenant's: 200 subscriptions in a
 * management-group tree, 10 resource groups each, 12 checks weighted as real tenants fail them,
 * 5,000 principals holding role findings, 300 owner tags (a third of resources untagged), ages up
 * to two years, a few new, reopened and suppressed. Shapes (ids, messages, evidence, filled
 * commands, portal links) are those of real findings (see a `npm run demo` findings.json).
 */
export function largeTenantReport(n: number): { report: AuditReport; counts: LargeTenantCounts } {
  const rnd = random(18);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const meta = new Map(CHECKS.map((c) => [c.metadata.id, c.metadata]));
  const totalWeight = SPREAD.reduce((s, [, w]) => s + w, 0);
  const counts: LargeTenantCounts = {
    total: n,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byArea: new Map(),
    byCheck: new Map(),
    bySubscription: new Map(),
    byOwner: new Map(),
    byState: new Map(),
    byManagementGroup: new Map(),
    byResourceGroup: new Map(),
    byPrincipal: new Map(),
  };
  const subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, s) => ({
    subscriptionId: guid(0x5a000000, s + 1),
    displayName: `${s < 10 ? 'platform' : s < 20 ? 'sandbox' : 'lz'}-${String(s).padStart(3, '0')}`,
    read: true,
  }));
  const now = Date.parse('2026-11-24T06:00:00.000Z');
  const dates: string[] = [new Date(now).toISOString()];
  const roleEvidence: Record<string, Record<string, unknown>> = {};
  const resourceEvidence: Record<string, Record<string, unknown>> = {};
  const tagSets: Record<string, Record<string, string>> = {};
  const findings = new Array<ReportFinding>(n);
  const openBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (let i = 0; i < n; i++) {
    let r = rnd() * totalWeight;
    let checkId = SPREAD[0]![0];
    for (const [id, w] of SPREAD) {
      if (r < w) {
        checkId = id;
        break;
      }
      r -= w;
    }
    const m = meta.get(checkId)!;
    const s = Math.floor(rnd() * SUBSCRIPTIONS);
    const sub = subscriptions[s]!;
    const rg = `rg-${sub.displayName}-${Math.floor(rnd() * GROUPS_PER_SUBSCRIPTION)}`;
    const [type, prefix, service] = pick(TYPES);
    const name = `${prefix}-${hex(i, 6)}`;
    const resource = `/subscriptions/${sub.subscriptionId}/resourceGroups/${rg}/providers/${type}/${name}`;
    const ageDays = Math.floor(rnd() ** 2 * 730);
    const roll = rnd();
    const state = roll < 0.04 ? 'new' : roll < 0.05 ? 'reopened' : 'existing';
    const suppressed = rnd() < 0.02;
    const tagged = rnd() < 0.66;
    const ownerTag = `team-${Math.floor(rnd() * OWNERS)}@contoso.example`;
    const base = {
      id: hex(i, 32),
      checkId,
      severity: m.severity,
      title: m.title,
      subscriptionId: sub.subscriptionId,
      subscriptionName: sub.displayName,
      resourceGroup: rg,
      managementGroupPath: pathOf(s),
      references: m.references,
      firstSeen: (dates[ageDays] ??= new Date(now - ageDays * 86_400_000).toISOString()),
      lastSeen: dates[0]!,
      state,
      ageDays,
      ...(suppressed
        ? { suppressed: { reason: 'accepted risk, ticket SEC-1234', expires: '2027-03-31' } }
        : {}),
    } satisfies Partial<ReportFinding>;
    let finding: ReportFinding;
    if (ROLE_CHECKS.has(checkId)) {
      const p = Math.floor(rnd() * PRINCIPALS);
      const principalId = guid(0xc3000000, p);
      const principalName = p % 7 === 0 ? `sp-automation-${p}` : `User ${p} (user${p}@contoso.com)`;
      const scope =
        rnd() < 0.7
          ? `/subscriptions/${sub.subscriptionId}`
          : `/subscriptions/${sub.subscriptionId}/resourceGroups/${rg}`;
      const resourceId = `${scope}/providers/Microsoft.Authorization/roleAssignments/${guid(0xab000000, i)}`;
      const role = pick(['Owner', 'Contributor', 'User Access Administrator', 'Key Vault Secrets Officer']);
      finding = {
        ...base,
        message: `${principalName} holds ${role} at subscription scope ${scope}.`,
        resourceId,
        principalId,
        principalName,
        owner: principalName,
        ownerSource: 'principal',
        // Evidence objects are shared by findings alike (the page carries their text either way; fewer
        // objects keep the generator's garbage collection out of the test's time).
        evidence: (roleEvidence[`${role}|${p % 7}`] ??= {
          roleName: role,
          roleType: 'BuiltInRole',
          roleDefinitionId:
            '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
          scope: `/subscriptions/${sub.subscriptionId}`,
          scopeLevel: 'subscription',
          principalType: p % 7 === 0 ? 'ServicePrincipal' : 'User',
          createdOn: base.firstSeen,
          assignmentType: 'active',
        }),
        remediation: { text: m.remediation.text, cli: `az role assignment delete --ids ${resourceId}` },
        links: {
          portal: portalResourceLink(TENANT, scope),
          accessControl: portalAccessControlLink(TENANT, scope),
          ...(m.learnUrl ? { learn: m.learnUrl } : {}),
        },
      };
      bump(counts.byPrincipal, principalId);
      bump(counts.byOwner, principalName);
    } else {
      finding = {
        ...base,
        message: `${service} resource '${name}' in resource group '${rg}' fails ${m.title.toLowerCase()}.`,
        resourceId: resource,
        ...(tagged
          ? {
              tags: (tagSets[ownerTag] ??= {
                owner: ownerTag,
                env: 'prod',
                costCenter: ownerTag.slice(5, 8),
              }),
              owner: ownerTag,
              ownerSource: 'tag' as const,
            }
          : {}),
        evidence: (resourceEvidence[type] ??= {
          type: type.toLowerCase(),
          kind: '',
          identity: null,
          supports: { systemAssigned: true, userAssigned: true },
          purpose: 'runsCode',
        }),
        remediation: {
          text: m.remediation.text,
          cli: `az resource update --ids ${resource} --set identity.type=SystemAssigned`,
        },
        links: { portal: portalResourceLink(TENANT, resource), ...(m.learnUrl ? { learn: m.learnUrl } : {}) },
      };
      if (tagged) bump(counts.byOwner, ownerTag);
    }
    findings[i] = finding;
    counts.bySeverity[m.severity]++;
    if (!suppressed) openBySeverity[m.severity]++;
    bump(counts.byCheck, checkId);
    bump(counts.byArea, m.area);
    bump(counts.bySubscription, sub.subscriptionId);
    bump(counts.byState, suppressed ? 'suppressed' : state);
    bump(counts.byResourceGroup, `${sub.subscriptionId}/${rg.toLowerCase()}`);
    for (const g of base.managementGroupPath) bump(counts.byManagementGroup, g);
  }
  const checks: CheckSummary[] = CHECKS.map(({ metadata: m }) => {
    const failed = counts.byCheck.get(m.id) ?? 0;
    return {
      id: m.id,
      title: m.title,
      severity: m.severity,
      area: m.area,
      status: failed ? 'fail' : 'pass',
      evaluated: failed * 3 + 100,
      failed,
      description: m.description,
      risk: m.risk,
      remediation: m.remediation,
      references: m.references,
      ...(m.learnUrl ? { learnUrl: m.learnUrl } : {}),
    };
  });
  const count = (s: string) => counts.byState.get(s) ?? 0;
  const report: AuditReport = {
    schemaVersion: 1,
    runId: '20261124T060000Z-300k00',
    tenantId: TENANT,
    trigger: 'timer',
    startedAt: '2026-11-24T06:00:00.000Z',
    finishedAt: '2026-11-24T06:20:00.000Z',
    status: 'complete',
    coverage: {
      subscriptions,
      workspaces: [],
      errors: [],
      rules: { kvAuditLogging: 'diagnostic setting rule', kvLogWindow: 'P7D' },
    },
    summary: {
      bySeverity: openBySeverity,
      new: count('new'),
      existing: count('existing'),
      reopened: count('reopened'),
      resolved: 0,
      suppressed: count('suppressed'),
    },
    checks,
    findings,
    resolved: [],
    trend: [],
    managementGroups: managementGroups(),
  };
  return { report, counts };
}
