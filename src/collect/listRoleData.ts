import { isRestError } from '@azure/core-rest-pipeline';

import { allSettledBounded, forEachBounded } from './armReadsInFlight.js';
import { mergeByScope } from './mergeByScope.js';
import type { AzureClients } from './azureClients.js';
import { toRoleAssignment, toRoleDefinition, toRoleEligibility } from './normalize.js';
import type { Collected, RoleAssignment, RoleDefinition, RoleEligibility, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';
import { managementGroupScope } from '../azure/scopes.js';

type Json = Record<string, unknown>;

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The SDK flattens `properties`; the snapshot's normalisers read ARM's shape. */
const armShape = (o: Json): Json => ({ id: o['id'], name: o['name'], properties: o });

/**
 * One authorization client for the lists asked at an explicit scope (`/{scope}/providers/...`): the
 * client's own subscription is not part of those requests, and a client per subscription cost a
 * pipeline and a token look-up each (200 of them at 200 subscriptions).
 */
function scopedClient(clients: AzureClients, subscriptions: readonly string[]) {
  return clients.authorization(subscriptions[0] ?? '00000000-0000-0000-0000-000000000000');
}

/**
 * Role assignments at every scope: each subscription's list (at, above and below it: management
 * groups, the subscription, resource groups and resources, not only atScope()), plus each
 * management group's own (atScope), which alone covers a group with no readable subscription below.
 */
export async function listRoleAssignments(
  clients: AzureClients,
  subscriptions: readonly string[],
  managementGroups: readonly string[],
  /** The subscription whose client lists management groups (the SDK client needs one). */
  clientSubscription = subscriptions[0],
): Promise<Collected<RoleAssignment>> {
  // Per-subscription and per-group lists run ARM_READS_IN_FLIGHT at a time each
  // (armReadsInFlight.ts): all at once opened one connection (a TLS handshake) per subscription,
  // 2,000 at 2,000, for lists that answer in one page each. The two run at once: a group's list is a
  // tenant read and a subscription's a read of that subscription, each paced to its own ARM bucket
  // (armReadPacer.ts), so a hierarchy of many groups, paced to the tenant's 25 reads a second, does
  // not wait for the subscriptions first.
  const normalised = async (list: AsyncIterable<unknown>) =>
    (await all(list)).map((a) => toRoleAssignment(armShape(a as Json)));
  const anySub = clientSubscription ?? '00000000-0000-0000-0000-000000000000';
  const [bySubscription, byGroup] = await Promise.all([
    allSettledBounded(subscriptions, (sub) =>
      normalised(clients.authorization(sub).roleAssignments.listForSubscription()),
    ),
    allSettledBounded(managementGroups, (mg) =>
      normalised(
        clients
          .authorization(anySub)
          .roleAssignments.listForScope(managementGroupScope(mg), { filter: 'atScope()' }),
      ),
    ),
  ]);
  // An assignment listed twice (a group's, above a subscription) is kept once.
  return mergeByScope('roleAssignments', subscriptions, bySubscription, managementGroups, byGroup);
}

/**
 * Built-in and custom role definitions assignable in each subscription or below it, once per role.
 * `atScopeAndBelow()`: without it, custom roles whose assignable scopes are only resource groups
 * or resources are never listed (spec: "Use atScopeAndBelow filter to search below the given scope
 * as well"), and their assignments would name an unknown role.
 */
export async function listRoleDefinitions(
  clients: AzureClients,
  subscriptions: readonly string[],
): Promise<Collected<RoleDefinition>> {
  const byGuid = new Map<string, RoleDefinition>();
  const errors: SourceError[] = [];
  // The list is asked at an explicit scope, so one client serves every subscription (see scopedClient).
  const client = scopedClient(clients, subscriptions);
  await forEachBounded(subscriptions, async (sub) => {
    try {
      for (const r of (await all(
        client.roleDefinitions.list(`/subscriptions/${sub}`, {
          filter: 'atScopeAndBelow()',
        }),
      )) as unknown as Json[]) {
        const role = toRoleDefinition({
          id: r['id'],
          name: r['name'],
          properties: { ...r, type: r['roleType'] },
        });
        if (!byGuid.has(role.guid)) byGuid.set(role.guid, role);
      }
    } catch (e) {
      errors.push(toSourceError('roleDefinitions', `/subscriptions/${sub}`, e));
    }
  });
  return { items: [...byGuid.values()], errors };
}

/** Whether an eligibility is in effect at `now`: a schedule that starts later or has ended grants nothing now. */
export function eligibilityInEffect(e: RoleEligibility, now: Date): boolean {
  const t = now.getTime();
  const start = e.startDateTime ? Date.parse(e.startDateTime) : NaN;
  const end = e.endDateTime ? Date.parse(e.endDateTime) : NaN;
  return !(start > t) && !(end < t);
}

/**
 * Whether ARM refused a PIM list because the tenant has neither Microsoft Entra ID P2 nor ID
 * Governance: 400 `AadPremiumLicenseRequired`, "The tenant needs an AAD Premium 2 license."
 * (recorded from ARM's PIM schedule lists in
 * https://github.com/JulianHayward/Azure-MG-Sub-Governance-Reporting/issues/114). Such a tenant has
 * no eligibility anyone can activate (Microsoft Learn's PIM licensing text, "When a license expires
 * for PIM": PIM is then no longer available to activate privileged roles; MicrosoftDocs/entra-docs
 * `docs/includes/licensing-pim.md`), so the answer is read
 * as an empty list, not an outage: otherwise every role check that weighs eligibilities would say
 * `error` in every tenant without the licence, for ever.
 */
export function pimNotLicensed(e: unknown): boolean {
  return isRestError(e) && e.statusCode === 400 && e.code === 'AadPremiumLicenseRequired';
}

/**
 * PIM eligibility schedules in effect at `now` (dates kept as ISO strings from the client's Date
 * objects; needs read on roleEligibilitySchedules): each subscription's list (at, above and below
 * it), plus the `atScope()` list ("all role eligibility schedules at or above the scope",
 * Azure/azure-rest-api-specs, Microsoft.Authorization stable/2020-10-01, RoleEligibilitySchedules_ListForScope)
 * of each management group given: those no subscription list reaches (groupRoleReads.ts), so an
 * eligibility at an empty branch of the hierarchy is read as an active assignment there is; the
 * groups are asked after the subscriptions, and not at all in a tenant without a PIM licence.
 * Merged in the subscriptions' order, then the groups', however the reads finished.
 */
export async function listRoleEligibilities(
  clients: AzureClients,
  subscriptions: readonly string[],
  now: Date = new Date(),
  managementGroups: readonly string[] = [],
): Promise<Collected<RoleEligibility>> {
  // Every list is asked at an explicit scope, so one client serves them all (see scopedClient).
  const client = scopedClient(clients, subscriptions);
  const inEffect = async (list: AsyncIterable<unknown>) => {
    const out: RoleEligibility[] = [];
    for (const e of (await all(list)) as Json[]) {
      const eligibility = toRoleEligibility(armShape(e));
      if (eligibilityInEffect(eligibility, now)) out.push(eligibility);
    }
    return out;
  };
  const bySubscription = await allSettledBounded(subscriptions, (sub) =>
    inEffect(client.roleEligibilitySchedules.listForScope(`/subscriptions/${sub}`)),
  );
  // The licence is the tenant's: once a subscription's list says there is none, no group's list can
  // hold an eligibility, and each would be a tenant read spent on the same refusal.
  const unlicensed = bySubscription.some((o) => o.status === 'rejected' && pimNotLicensed(o.reason));
  const byGroup = unlicensed
    ? []
    : await allSettledBounded(managementGroups, (mg) =>
        inEffect(
          client.roleEligibilitySchedules.listForScope(managementGroupScope(mg), { filter: 'atScope()' }),
        ),
      );
  return mergeByScope(
    'roleEligibility',
    subscriptions,
    bySubscription,
    managementGroups,
    byGroup,
    pimNotLicensed,
  );
}
