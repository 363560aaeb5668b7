import type { AzureClients } from './azureClients.js';
import { collectLocalAuth } from './collectLocalAuth.js';
import { listResources } from './listResources.js';
import { listRoleAssignments, listRoleDefinitions, listRoleEligibilities } from './listRoleData.js';
import { listRoleAssignmentsFromGraph, listRoleDefinitionsFromGraph } from './listRoleDataFromGraph.js';
import { listManagementGroups, listSubscriptions } from './listSubscriptions.js';
import { lookupPrincipals } from './lookupPrincipals.js';
import { queryKeyVaultLogs } from './queryKeyVaultLogs.js';
import { querySignIns } from './querySignIns.js';
import { readApplications } from './readApplications.js';
import { appCandidates } from './appCandidates.js';
import { readDiagnosticSettings } from './readDiagnosticSettings.js';
import type { AuditorIdentity, AuditSnapshot, Collected, RoleAssignment } from './snapshot.js';
import type { ProgressListener } from '../model/progress.js';

export interface CollectPlan {
  tenantId: string;
  auditor: AuditorIdentity;
  /** Subscriptions to audit; empty: every readable one. */
  subscriptions: readonly string[];
  /** Management groups to audit (their subscriptions); empty: no restriction. */
  managementGroups: readonly string[];
  lookback: { text: string; ms: number };
  now: Date;
  /** ARM lists, Resource Graph's authorizationresources, or `auto` by tenant size. */
  roleDataSource: 'auto' | 'arm' | 'resourceGraph';
}

/** Above this many subscriptions, `auto` reads role data from Resource Graph: one paged query, not one ARM list each. */
export const ROLE_DATA_FROM_GRAPH_ABOVE = 25;

const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Reads everything the checks need. Every source records the scopes it could not read instead of
 * failing the audit; the checks that need a failed source report `error`.
 */
export async function collectSnapshot(
  clients: AzureClients,
  plan: CollectPlan,
  progress: ProgressListener = () => {},
): Promise<AuditSnapshot> {
  progress('subscriptions and management groups');
  const [allSubscriptions, managementGroups] = await Promise.all([
    listSubscriptions(clients, plan.subscriptions),
    listManagementGroups(clients),
  ]);
  const wantedGroups = plan.managementGroups.map((g) => g.toLowerCase());
  const subscriptions = wantedGroups.length
    ? {
        ...allSubscriptions,
        items: allSubscriptions.items.filter((s) =>
          s.managementGroupAncestors.some((a) => wantedGroups.includes(a.toLowerCase())),
        ),
      }
    : allSubscriptions;
  const readable = subscriptions.items.filter((s) => s.read).map((s) => s.subscriptionId);
  const groupNames = wantedGroups.length ? wantedGroups : managementGroups.items.map((g) => g.name);

  // Local-auth settings run beside the other stages; awaited at the end.
  const localAuthPromise = collectLocalAuth(clients, readable);

  progress('resources and role assignments');
  const roleDataSource =
    plan.roleDataSource === 'auto'
      ? readable.length > ROLE_DATA_FROM_GRAPH_ABOVE
        ? 'resourceGraph'
        : 'arm'
      : plan.roleDataSource;
  const fromGraph = roleDataSource === 'resourceGraph';
  const [inventory, roleAssignments, roleDefinitions, roleEligibilities] = await Promise.all([
    listResources(clients, readable),
    // From Resource Graph, management groups' own assignments still come from ARM (atScope), so
    // groups with no readable subscription below them are covered either way.
    fromGraph
      ? Promise.all([
          listRoleAssignmentsFromGraph(clients, readable),
          listRoleAssignments(clients, [], groupNames, readable[0]),
        ]).then(([a, b]) => mergeCollected(a, b))
      : listRoleAssignments(clients, readable, groupNames),
    fromGraph ? listRoleDefinitionsFromGraph(clients) : listRoleDefinitions(clients, readable),
    listRoleEligibilities(clients, readable),
  ]);

  const { resources, identityInventory } = inventory;

  progress('Key Vault diagnostic settings and audit logs');
  const vaults = resources.items
    .filter((r) => r.type.toLowerCase() === 'microsoft.keyvault/vaults')
    .map((r) => r.id);
  const workspaces = resources.items
    .filter((r) => r.type.toLowerCase() === 'microsoft.operationalinsights/workspaces')
    .map((r) => ({
      resourceId: r.id,
      customerId: textOf((r.properties as { customerId?: unknown } | null)?.customerId),
      subscriptionId: r.subscriptionId.toLowerCase(),
    }))
    .filter((w) => w.customerId);
  const [diagnosticSettings, keyVaultLogs] = await Promise.all([
    readDiagnosticSettings(clients, vaults),
    queryKeyVaultLogs(clients, workspaces, {
      start: new Date(plan.now.getTime() - plan.lookback.ms),
      end: plan.now,
      duration: plan.lookback.text,
    }),
  ]);

  progress('directory look-ups');
  const directory = await lookupPrincipals(clients, [
    ...roleAssignments.items.map((a) => a.principalId),
    ...roleEligibilities.items.map((e) => e.principalId),
    ...keyVaultLogs.aggregates.flatMap((a) => (a.callerObjectId ? [a.callerObjectId] : [])),
  ]);

  progress('app registrations of the principals that reach Azure');
  const candidates = appCandidates(roleAssignments, keyVaultLogs, directory);
  const applications = await readApplications(clients, candidates.principalIds, candidates.appIds);
  const signIns = await querySignIns(
    clients,
    keyVaultLogs.workspaces,
    new Set(applications.servicePrincipals.map((s) => s.id)),
    { start: new Date(plan.now.getTime() - plan.lookback.ms), duration: plan.lookback.text },
  );

  const { localAuth, childSettings } = await localAuthPromise;

  return {
    tenantId: plan.tenantId,
    roleDataSource,
    auditor: plan.auditor,
    managementGroups,
    subscriptions,
    resources,
    identityInventory,
    roleDefinitions,
    roleAssignments,
    roleEligibilities,
    directory,
    diagnosticSettings,
    keyVaultLogs,
    localAuth,
    childSettings,
    applications,
    signIns,
  };
}

/** Two reads of role assignments as one, without duplicates. */
function mergeCollected(
  a: Collected<RoleAssignment>,
  b: Collected<RoleAssignment>,
): Collected<RoleAssignment> {
  const byId = new Map([...a.items, ...b.items].map((x) => [x.id.toLowerCase(), x]));
  return { items: [...byId.values()], errors: [...a.errors, ...b.errors] };
}
