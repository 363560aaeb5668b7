import type { AzureClients } from './azureClients.js';
import { collectLocalAuth } from './collectLocalAuth.js';
import { mergeCollected, planGroupRoleReads } from './groupRoleReads.js';
import { listResources } from './listResources.js';
import { listRoleAssignments, listRoleDefinitions, listRoleEligibilities } from './listRoleData.js';
import { listRoleAssignmentsFromGraph, listRoleDefinitionsFromGraph } from './listRoleDataFromGraph.js';
import { listFederatedCredentials, unattachedIdentities } from './listFederatedCredentials.js';
import { childAttachmentsOf, childParents, identitiesOfChildren } from './attachmentsOutsideResourceGraph.js';
import { identityUseOutsideScope } from './identityUseOutsideScope.js';
import { listRoleActivations, standingAssignments } from './roleActivations.js';
import { roleAssignmentsOutsideScope } from './roleAssignmentsOutsideScope.js';
import { listPolicyAssignmentIdentities } from './listPolicyAssignmentIdentities.js';
import { listManagementGroups, listSubscriptions } from './listSubscriptions.js';
import { isScoped, outsideScope } from './outsideScope.js';
import { lookupPrincipals } from './lookupPrincipals.js';
import { queryKeyVaultLogs } from './queryKeyVaultLogs.js';
import { querySignIns } from './querySignIns.js';
import { readApplications } from './readApplications.js';
import { readAuditorGroups } from './readAuditorGroups.js';
import { appCandidates } from './appCandidates.js';
import { readDiagnosticSettings } from './readDiagnosticSettings.js';
import { workspacesOutsideScope } from './workspacesOutsideScope.js';
import type {
  AuditorIdentity,
  AuditSnapshot,
  Collected,
  KeyVaultLogs,
  ResourceRow,
  SubscriptionInfo,
  WorkspaceInfo,
} from './snapshot.js';
import {
  attachedUserAssignedIdentities,
  USER_ASSIGNED_IDENTITY_TYPE,
} from '../azure/attachedUserAssignedIdentities.js';
import { normalizeId } from '../azure/scopes.js';
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
  const wanted = new Set(wantedGroups);
  const subscriptions: Collected<SubscriptionInfo> = {
    items: wantedGroups.length
      ? allSubscriptions.items.filter((s) =>
          s.managementGroupAncestors.some((a) => wanted.has(a.toLowerCase())),
        )
      : allSubscriptions.items,
    errors: allSubscriptions.errors,
  };
  const readable = subscriptions.items.filter((s) => s.read).map((s) => s.subscriptionId);
  const allGroupNames = managementGroups.items.map((g) => g.name);
  const groupNames = wantedGroups.length ? wantedGroups : allGroupNames;
  const groupReads = planGroupRoleReads(
    groupNames,
    subscriptions.items.filter((s) => s.read),
    plan.tenantId,
  );
  const outside = outsideScope(
    allSubscriptions,
    subscriptions.items,
    allGroupNames,
    groupReads.direct,
    plan.tenantId,
  );

  // Local-auth settings run beside the other stages; awaited at the end.
  const localAuthPromise = collectLocalAuth(clients, readable);
  // The identities children Resource Graph does not hold run as (Machine Learning computes, project
  // environment types, Spring apps), listed over ARM beside the resource pages, while the run waits
  // on Resource Graph's quota: asked once an identity was known to be attached to nothing else, they
  // ran after the last page (a 1M benchmark run: 72.0 s then, 69.1 s now). What they find counts
  // only for the identities attached to nothing else (below).
  const childIdentities = childParents(clients, [...readable, ...outside.subscriptions]).then((parents) =>
    identitiesOfChildren(clients, parents),
  );

  progress('resources and role assignments');
  const roleDataSource =
    plan.roleDataSource === 'auto'
      ? readable.length > ROLE_DATA_FROM_GRAPH_ABOVE
        ? 'resourceGraph'
        : 'arm'
      : plan.roleDataSource;
  const fromGraph = roleDataSource === 'resourceGraph';
  const window = {
    start: new Date(plan.now.getTime() - plan.lookback.ms),
    end: plan.now,
    duration: plan.lookback.text,
  };
  // Vaults and workspaces are read by a small query of their own: as soon as it is in, their
  // diagnostic settings and audit log queries start, while the resource and role pages are read.
  let vaultsAndWorkspacesRead: (rows: readonly ResourceRow[] | undefined) => void = () => {};
  const keyVaultsEarly = new Promise<readonly ResourceRow[] | undefined>(
    (resolve) => (vaultsAndWorkspacesRead = resolve),
  ).then(async (rows) => {
    if (!rows) return undefined;
    const early = keyVaultTargets(rows);
    const [settings, logs] = await Promise.all([
      readDiagnosticSettings(clients, early.vaults),
      queryKeyVaultLogs(clients, early.workspaces, window),
    ]);
    return { early, settings, logs };
  });
  const [inventory, assignmentsRead, roleDefinitions, pim, policyAssignmentsInScope] = await Promise.all([
    listResources(clients, readable, { vaultsAndWorkspaces: (rows) => vaultsAndWorkspacesRead(rows) }),
    // A group's own assignments come with every subscription below it; a group with none readable
    // below (or whose every one failed) is listed on its own, over ARM (atScope), either way.
    Promise.all([
      fromGraph
        ? listRoleAssignmentsFromGraph(clients, readable)
        : listRoleAssignments(clients, readable, [], readable[0]),
      listRoleAssignments(clients, [], groupReads.direct, readable[0]),
    ]).then(([bySubscription, byGroup]) =>
      groupReads.withGroupsAfterFailures(mergeCollected(bySubscription, byGroup), (late) =>
        listRoleAssignments(clients, [], late, readable[0]),
      ),
    ),
    fromGraph ? listRoleDefinitionsFromGraph(clients) : listRoleDefinitions(clients, readable),
    // Eligibilities the same way: the groups no subscription list reaches, and those whose every
    // subscription below failed, once they have.
    listRoleEligibilities(clients, readable, plan.now, groupReads.direct)
      .then((read) =>
        groupReads.withGroupsAfterFailures(read, (late) =>
          listRoleEligibilities(clients, [], plan.now, late),
        ),
      )
      // Where an eligibility is, the assignments that are its activations (roleActivations.ts).
      .then(async (eligibilities) => ({
        eligibilities,
        activations: await listRoleActivations(
          clients,
          eligibilities.items,
          readable[0],
          groupReads.subscriptionBelow,
        ),
      })),
    // Policy assignments' identities the same way: a subscription's list holds those of the groups above it.
    listPolicyAssignmentIdentities(clients, readable, groupReads.direct).then((read) =>
      groupReads.withGroupsAfterFailures(read, (late) => listPolicyAssignmentIdentities(clients, [], late)),
    ),
  ]);

  const { resources, identityInventory } = inventory;
  const roleEligibilities = pim.eligibilities;
  const roleAssignments = standingAssignments(assignmentsRead, pim.activations);
  // Identities the audited scope holds and nothing in it uses may be used outside it (scoped runs).
  const unattachedInScope = unattachedIdentities(
    resources.items,
    identityInventory.attachedUserAssigned,
    policyAssignmentsInScope.items,
  );
  const outsideUse = identityUseOutsideScope(clients, unattachedInScope, outside);

  progress('Key Vault diagnostic settings and audit logs');
  vaultsAndWorkspacesRead(undefined); // in case the hook never fired; a settled promise stays as it is
  const { vaults, workspaces } = keyVaultTargets(resources.items);
  // What the early read missed (created since, or the early read failed) is read now.
  const early = await keyVaultsEarly;
  const seenVaults = new Set(early?.early.vaults.map((v) => v.toLowerCase()));
  const seenWorkspaces = new Set(early?.early.workspaces.map((w) => w.customerId.toLowerCase()));
  const [lateSettings, lateLogs, [federatedCredentials, policyAssignmentIdentities, identityUseReads]] =
    await Promise.all([
      readDiagnosticSettings(
        clients,
        vaults.filter((v) => !seenVaults.has(v.toLowerCase())),
      ),
      queryKeyVaultLogs(
        clients,
        workspaces.filter((w) => !seenWorkspaces.has(w.customerId.toLowerCase())),
        window,
      ),
      outsideUse.then(async (use) => {
        for (const id of use.attached) identityInventory.attachedUserAssigned.push(id);
        const policyAssignments = mergeCollected(policyAssignmentsInScope, use.policyAssignments);
        // Only what was found outside can attach an identity the scope left unattached.
        const usedOutside = attachedUserAssignedIdentities(use.attached, [], use.policyAssignments.items);
        const unattached = unattachedInScope.filter((id) => !usedOutside.has(normalizeId(id)));
        const [credentials, rolesOutside, childAttachments] = await Promise.all([
          listFederatedCredentials(clients, unattached),
          roleAssignmentsOutsideScope(
            clients,
            isScoped(outside) ? principalsOf(resources.items, unattached) : [],
            outside,
          ),
          // Children Resource Graph does not hold may run as them too (listed above); their reads'
          // errors matter only when an identity is left to clear.
          childIdentities.then((children) => childAttachmentsOf(children, unattached)),
        ]);
        for (const id of childAttachments.attached) identityInventory.attachedUserAssigned.push(id);
        for (const e of use.errors) rolesOutside.errors.push(e);
        for (const e of childAttachments.errors) rolesOutside.errors.push(e);
        return [credentials, policyAssignments, rolesOutside] as const;
      }),
    ]);
  const diagnosticSettings = early ? concatCollected(early.settings, lateSettings) : lateSettings;
  const keyVaultLogsInScope = early ? concatKeyVaultLogs(early.logs, lateLogs) : lateLogs;
  // Vaults of a scoped run that send their logs to a workspace outside it (a landing zone's central one).
  const outsideWorkspaces = await workspacesOutsideScope(
    clients,
    diagnosticSettings.items,
    new Set(keyVaultLogsInScope.workspaces.map((w) => normalizeId(w.resourceId))),
    outside.subscriptions,
  );
  const keyVaultLogs = outsideWorkspaces.workspaces.length
    ? concatKeyVaultLogs(
        keyVaultLogsInScope,
        await queryKeyVaultLogs(clients, outsideWorkspaces.workspaces, window),
      )
    : keyVaultLogsInScope;
  for (const e of outsideWorkspaces.errors) keyVaultLogs.errors.push(e);

  progress('directory look-ups');
  const [directory, auditorGroups] = await Promise.all([
    lookupPrincipals(clients, [
      ...roleAssignments.items.map((a) => a.principalId),
      ...roleEligibilities.items.map((e) => e.principalId),
      ...keyVaultLogs.aggregates.flatMap((a) => (a.callerObjectId ? [a.callerObjectId] : [])),
    ]),
    readAuditorGroups(clients, plan.auditor.principalId),
  ]);
  const auditor = {
    ...plan.auditor,
    ...('groups' in auditorGroups
      ? { groups: auditorGroups.groups }
      : { groupsUnread: auditorGroups.unread }),
  };

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
    auditor,
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
    federatedCredentials,
    policyAssignmentIdentities,
    localAuth,
    childSettings,
    applications,
    signIns,
    identityUse: identityUseReads,
  };
}

/** The principal ids of some user-assigned identities (`ids`), from their resource rows. */
function principalsOf(rows: readonly ResourceRow[], ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const wanted = new Set(ids.map(normalizeId));
  const principals: string[] = [];
  for (const r of rows) {
    if (r.type.toLowerCase() !== USER_ASSIGNED_IDENTITY_TYPE || !wanted.has(normalizeId(r.id))) continue;
    const principalId = textOf((r.properties as { principalId?: unknown } | null)?.principalId);
    if (principalId) principals.push(principalId);
  }
  return principals;
}

/** The vaults (ids) and workspaces (with their query id) among resource rows. */
function keyVaultTargets(rows: readonly ResourceRow[]) {
  const vaults: string[] = [];
  const workspaces: Omit<WorkspaceInfo, 'read'>[] = [];
  for (const r of rows) {
    const type = r.type.toLowerCase();
    if (type === 'microsoft.keyvault/vaults') vaults.push(r.id);
    else if (type === 'microsoft.operationalinsights/workspaces') {
      const customerId = textOf((r.properties as { customerId?: unknown } | null)?.customerId);
      if (customerId)
        workspaces.push({ resourceId: r.id, customerId, subscriptionId: r.subscriptionId.toLowerCase() });
    }
  }
  return { vaults, workspaces };
}

/** Two reads of different items as one (no spread: either may be large). */
function concatCollected<T>(a: Collected<T>, b: Collected<T>): Collected<T> {
  const items = a.items;
  for (const x of b.items) items.push(x);
  return { items, errors: a.errors.concat(b.errors) };
}

/** The Key Vault logs of two disjoint sets of workspaces as one. */
function concatKeyVaultLogs(a: KeyVaultLogs, b: KeyVaultLogs): KeyVaultLogs {
  const aggregates = a.aggregates;
  for (const x of b.aggregates) aggregates.push(x);
  return {
    ...a,
    workspaces: a.workspaces.concat(b.workspaces),
    aggregates,
    errors: a.errors.concat(b.errors),
  };
}
