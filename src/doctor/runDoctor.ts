/**
 * `mi-auditor doctor` and `GET /api/audit/health`: signs in as the deployed identity and tries every
 * source an audit reads, at every configured scope, with the audit's own collectors (so a query the
 * audit would fail on fails here too). It reads a sample where the audit reads in bulk: one vault's
 * diagnostic settings per subscription, one hour of Key Vault logs per workspace, one directory
 * look-up. Role data it reads as the audit does, each scope's lists whole (ARM answers most in one
 * page; a later page is where a list can still fail), at most ARM_READS_IN_FLIGHT scopes at once.
 */
import { forEachBounded } from '../collect/armReadsInFlight.js';
import { planGroupRoleReads } from '../collect/groupRoleReads.js';
import type { AzureClients } from '../collect/azureClients.js';
import type { auditorIdentity } from '../collect/auditorIdentity.js';
import { listRoleAssignments, listRoleDefinitions, listRoleEligibilities } from '../collect/listRoleData.js';
import { listRoleActivations } from '../collect/roleActivations.js';
import { listPolicyAssignmentIdentities } from '../collect/listPolicyAssignmentIdentities.js';
import { listManagementGroups, listSubscriptions } from '../collect/listSubscriptions.js';
import { lookupPrincipals } from '../collect/lookupPrincipals.js';
import { queryKeyVaultLogs } from '../collect/queryKeyVaultLogs.js';
import { queryResourceGraph } from '../collect/queryResourceGraph.js';
import { readApplications } from '../collect/readApplications.js';
import { readDiagnosticSettings } from '../collect/readDiagnosticSettings.js';
import { managementGroupScope } from '../azure/scopes.js';
import type { SourceError } from '../collect/snapshot.js';
import type { AuditorConfig } from '../config.js';
import { ensureError } from '../errors.js';
import { missingPermission } from './missingPermission.js';

/** One source at one scope: readable or not, and if not, what to grant. */
export interface DoctorCheck {
  source: string;
  scope: string;
  ok: boolean;
  detail: string;
  /** The role or permission that is missing, when the answer was a refusal (401/403). */
  missing?: string;
  /** The command that grants it. */
  fix?: string;
}

export interface DoctorReport {
  principalId: string | undefined;
  tenantId: string | undefined;
  /** True only when every source is readable at every scope. */
  ok: boolean;
  checks: DoctorCheck[];
}

/** A sample vault per subscription, and every workspace (the audit queries each one). */
const SAMPLE_VAULTS_QUERY = `resources
| where type =~ 'microsoft.keyvault/vaults'
| summarize id = take_any(id) by subscriptionId`;
const WORKSPACES_QUERY = `resources
| where type =~ 'microsoft.operationalinsights/workspaces'
| project id, subscriptionId, customerId = tostring(properties.customerId)`;

/**
 * Runs every probe. Never throws for an Azure refusal: each becomes a row. `credential` problems
 * (no token at all) end the probe early with one row saying so.
 */
export async function runDoctor(
  config: AuditorConfig,
  identify: () => ReturnType<typeof auditorIdentity>,
  clients: AzureClients,
  now: Date = new Date(),
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  let me: Awaited<ReturnType<typeof auditorIdentity>>;
  try {
    me = await identify();
  } catch (e) {
    checks.push({
      source: 'token',
      scope: 'identity',
      ok: false,
      detail: ensureError(e).message,
      missing: 'a managed identity on the app (or AZURE_CLIENT_ID of an attached user-assigned identity)',
      fix: 'az functionapp identity assign --name <app> --resource-group <rg>',
    });
    return { principalId: undefined, tenantId: undefined, ok: false, checks };
  }
  checks.push({ source: 'token', scope: 'identity', ok: true, detail: `signed in as ${me.principalId}` });
  const principalId = me.principalId;
  /** One row when the probe read everything, else one row per scope it could not read. */
  const record = (source: string, scope: string, errors: readonly SourceError[], okDetail: string) => {
    if (!errors.length) {
      checks.push({ source, scope, ok: true, detail: okDetail });
      return;
    }
    // One row a scope: a source may fail several calls at one scope (one per Key Vault table).
    const byScope = new Map<string, SourceError[]>();
    for (const e of errors) byScope.set(e.scope, [...(byScope.get(e.scope) ?? []), e]);
    for (const [errorScope, list] of byScope) {
      const first = list[0]!;
      checks.push({
        source,
        scope: errorScope,
        ok: false,
        detail: list
          .map((e) => [e.statusCode, e.code, e.message].filter((x) => x !== undefined && x !== '').join(' '))
          .join('; '),
        ...missingPermission(first, principalId),
      });
    }
  };

  const [subscriptions, groups] = await Promise.all([
    listSubscriptions(clients, config.subscriptions),
    listManagementGroups(clients),
  ]);
  const readable = subscriptions.items.filter((s) => s.read).map((s) => s.subscriptionId);
  record(
    'resourceGraph',
    'tenant',
    subscriptions.errors,
    `${readable.length} subscription(s) readable through Resource Graph`,
  );
  if (!readable.length && !subscriptions.errors.length) {
    checks.push({
      source: 'resourceGraph',
      scope: 'tenant',
      ok: false,
      detail: 'Resource Graph answered, but no subscription is visible to this identity',
      ...missingPermission(
        {
          source: 'subscriptions',
          scope: managementGroupScope(me.tenantId || '<tenant-root-group>'),
          statusCode: 403,
          message: '',
        },
        principalId,
      ),
    });
  }
  // The audit lists the root group's own assignments and those of groups with no readable
  // subscription below (groupRoleReads.ts): probe the same groups.
  const wantedGroups = planGroupRoleReads(
    config.managementGroups.length ? config.managementGroups : groups.items.map((g) => g.name),
    subscriptions.items.filter((s) => s.read),
    me.tenantId,
  ).direct;
  record('managementGroups', 'tenant', groups.errors, `${groups.items.length} management group(s) visible`);

  // At most ARM_READS_IN_FLIGHT scopes at once, as the audit reads them: a tenant of thousands of
  // subscriptions is otherwise thousands of connections opened at once by every health probe.
  await forEachBounded(readable, async (sub) => {
    const scope = `/subscriptions/${sub}`;
    const [assignments, definitions, eligibility, policies] = await Promise.all([
      listRoleAssignments(clients, [sub], []),
      listRoleDefinitions(clients, [sub]),
      listRoleEligibilities(clients, [sub]),
      listPolicyAssignmentIdentities(clients, [sub], []),
    ]);
    record('roleAssignments', scope, assignments.errors, `${assignments.items.length} role assignment(s)`);
    record('roleDefinitions', scope, definitions.errors, `${definitions.items.length} role definition(s)`);
    record('roleEligibility', scope, eligibility.errors, `${eligibility.items.length} PIM eligibility(ies)`);
    // Where an eligibility is, the audit reads its activations too (roleActivations.ts).
    if (eligibility.items.length) {
      // Every group eligibility in a subscription's list is above it: its list holds their activations.
      const activations = await listRoleActivations(clients, eligibility.items, sub, () => sub);
      record(
        'roleActivations',
        scope,
        activations.errors,
        `${activations.items.length} PIM activation(s) in effect`,
      );
    }
    record(
      'policyAssignments',
      scope,
      policies.errors,
      `${policies.items.length} policy assignment(s) running as a user-assigned identity`,
    );
  });
  await forEachBounded(wantedGroups, async (mg) => {
    const assignments = await listRoleAssignments(clients, [], [mg], readable[0]);
    record(
      'roleAssignments',
      managementGroupScope(mg),
      assignments.errors,
      `${assignments.items.length} role assignment(s)`,
    );
  });

  let vaults: { id: string; subscriptionId: string }[] = [];
  let workspaces: { id: string; subscriptionId: string; customerId: string }[] = [];
  if (readable.length) {
    try {
      [vaults, workspaces] = await Promise.all([
        queryResourceGraph<{ id: string; subscriptionId: string }>(
          clients.resourceGraph,
          SAMPLE_VAULTS_QUERY,
          { subscriptions: readable },
          clients.pacer,
        ),
        queryResourceGraph<{ id: string; subscriptionId: string; customerId: string }>(
          clients.resourceGraph,
          WORKSPACES_QUERY,
          { subscriptions: readable },
          clients.pacer,
        ),
      ]);
    } catch (e) {
      checks.push({ source: 'resourceGraph', scope: 'resources', ok: false, detail: ensureError(e).message });
    }
  }
  await forEachBounded(vaults, async (v) => {
    const settings = await readDiagnosticSettings(clients, [v.id]);
    record('diagnosticSettings', v.id, settings.errors, 'diagnostic settings readable');
  });
  if (!vaults.length) {
    checks.push({ source: 'diagnosticSettings', scope: 'tenant', ok: true, detail: 'no Key Vault to read' });
  }
  await Promise.all(
    workspaces
      .filter((w) => w.customerId)
      .map(async (w) => {
        const logs = await queryKeyVaultLogs(
          clients,
          [{ resourceId: w.id, customerId: w.customerId, subscriptionId: w.subscriptionId.toLowerCase() }],
          { start: new Date(now.getTime() - 3_600_000), end: now, duration: 'PT1H' },
        );
        record('keyVaultLogs', w.id, logs.errors, 'Key Vault audit tables queryable');
      }),
  );

  const [directory, applications] = await Promise.all([
    lookupPrincipals(clients, [principalId]),
    // The secrets checks read service principals and app registrations with their credentials.
    readApplications(clients, [principalId]),
  ]);
  record('directory', 'tenant', directory.errors, 'Microsoft Graph directory look-ups work');
  record(
    'applications',
    'tenant',
    applications.errors.map((e) => ({ ...e, scope: 'tenant' })),
    'Microsoft Graph service principals and app registrations readable',
  );

  return {
    principalId,
    tenantId: me.tenantId || undefined,
    ok: checks.every((c) => c.ok),
    checks,
  };
}
