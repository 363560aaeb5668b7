import type { AzureClients, GraphObject } from './azureClients.js';
import type {
  ApplicationCredentials,
  AppFederatedCredential,
  GraphApplication,
  GraphCredential,
  GraphServicePrincipal,
  SourceError,
} from './snapshot.js';
import { allSettledBounded, forEachBounded } from './armReadsInFlight.js';
import { toSourceError } from './sourceError.js';

/**
 * Values per `in (...)` filter. Microsoft Graph limits a directory-object `$filter` to 15
 * expressions ("Use the $filter query parameter", https://learn.microsoft.com/graph/filter-query-parameter),
 * so a batch never asks for more.
 */
const BATCH = 15;
/**
 * Microsoft Graph reads in flight. Graph's limits are its own (not ARM's): for the identity and
 * access service, 3,500 to 8,000 resource units per 10 s per application and tenant, a read of
 * applications or service principals costing one or two ("Microsoft Graph service-specific
 * throttling limits", https://learn.microsoft.com/graph/throttling-limits). Eight at a round trip of
 * 100 ms or more is at most 800 reads per 10 s; one after another, the 2,000 batches of a tenant
 * where 30,000 service principals reach Azure took over 200 s at that round trip.
 */
const GRAPH_READS_IN_FLIGHT = 8;

/** Properties read (Graph returns only what $select names; credentials are in both objects' default set). */
const SP_SELECT =
  'id,appId,displayName,servicePrincipalType,appOwnerOrganizationId,passwordCredentials,keyCredentials';
const APP_SELECT = 'id,appId,displayName,passwordCredentials,keyCredentials';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

function toCredential(o: unknown): GraphCredential {
  const c = (o ?? {}) as Record<string, unknown>;
  return {
    keyId: (text(c['keyId']) ?? '').toLowerCase(),
    displayName: text(c['displayName']) ?? null,
    ...(c['hint'] !== undefined ? { hint: text(c['hint']) ?? null } : {}),
    ...(c['type'] !== undefined ? { type: text(c['type']) ?? null } : {}),
    ...(c['usage'] !== undefined ? { usage: text(c['usage']) ?? null } : {}),
    ...(typeof c['customKeyIdentifier'] === 'string'
      ? { customKeyIdentifier: c['customKeyIdentifier'] }
      : {}),
    startDateTime: text(c['startDateTime']) ?? null,
    endDateTime: text(c['endDateTime']) ?? null,
  };
}

const credentials = (v: unknown) => (Array.isArray(v) ? v.map(toCredential) : []);

/** Every page of a Graph list, following `@odata.nextLink` (https://learn.microsoft.com/graph/paging). */
async function listAll(clients: AzureClients, path: string): Promise<GraphObject[]> {
  const out: GraphObject[] = [];
  let next: string | undefined = path;
  while (next) {
    const page = await clients.graphGet(next);
    if (!page) break;
    for (const item of Array.isArray(page['value']) ? (page['value'] as GraphObject[]) : []) out.push(item);
    next = text(page['@odata.nextLink']);
  }
  return out;
}

/**
 * Reads `values` in batches of {@link BATCH}, {@link GRAPH_READS_IN_FLIGHT} batches at once, and
 * gives each batch's outcome (its rows, or why it failed) in the batches' order, whichever answered
 * first.
 */
async function eachBatch(
  values: readonly string[],
  read: (batch: string[]) => Promise<GraphObject[]>,
): Promise<{ batch: string[]; outcome: PromiseSettledResult<GraphObject[]> }[]> {
  const batches: string[][] = [];
  for (let i = 0; i < values.length; i += BATCH) batches.push(values.slice(i, i + BATCH));
  const outcomes = await allSettledBounded(batches, read, GRAPH_READS_IN_FLIGHT);
  return batches.map((batch, i) => ({ batch, outcome: outcomes[i]! }));
}

const filterIn = (property: string, values: readonly string[]) =>
  encodeURIComponent(`${property} in (${values.map((v) => `'${v}'`).join(',')})`);

/**
 * Reads the service principals that reach Azure (by object id, and by app id for vault readers
 * known only by app id), then their app registrations by app id, then each registration's
 * federated identity credentials. Asking for the principals already known keeps Graph's cost
 * proportional to what the audit found, not to the directory (a tenant may hold hundreds of
 * thousands of SaaS registrations none of which touch Azure); the price is one request per 15
 * principals instead of a single paged sweep, which wins until about a tenth of the directory
 * reaches Azure. A failed batch is a coverage error: the secrets checks then answer `error`.
 *
 * Sources (Microsoft Graph v1.0): List servicePrincipals https://learn.microsoft.com/graph/api/serviceprincipal-list,
 * List applications https://learn.microsoft.com/graph/api/application-list, List federatedIdentityCredentials
 * https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials.
 */
export async function readApplications(
  clients: AzureClients,
  principalIds: Iterable<string>,
  appIds: Iterable<string> = [],
): Promise<ApplicationCredentials> {
  const errors: SourceError[] = [];
  const ids = [...new Set([...principalIds].map((i) => i.toLowerCase()).filter((i) => GUID.test(i)))];
  const wantedAppIds = new Set([...appIds].map((i) => i.toLowerCase()).filter((i) => GUID.test(i)));
  const servicePrincipals = new Map<string, GraphServicePrincipal>();

  const addPrincipals = async (property: 'id' | 'appId', values: string[]) => {
    const pages = await eachBatch(values, (batch) =>
      listAll(clients, `/v1.0/servicePrincipals?$filter=${filterIn(property, batch)}&$select=${SP_SELECT}`),
    );
    for (const { batch, outcome } of pages) {
      if (outcome.status === 'rejected') {
        errors.push(
          toSourceError(
            'applications',
            `servicePrincipals ${property} in (${batch.join(', ')})`,
            outcome.reason,
          ),
        );
        continue;
      }
      for (const o of outcome.value) {
        const sp: GraphServicePrincipal = {
          id: (text(o['id']) ?? '').toLowerCase(),
          appId: (text(o['appId']) ?? '').toLowerCase(),
          ...(text(o['displayName']) ? { displayName: text(o['displayName'])! } : {}),
          ...(text(o['servicePrincipalType'])
            ? { servicePrincipalType: text(o['servicePrincipalType'])! }
            : {}),
          appOwnerOrganizationId: text(o['appOwnerOrganizationId']) ?? null,
          passwordCredentials: credentials(o['passwordCredentials']),
          keyCredentials: credentials(o['keyCredentials']),
        };
        if (sp.id) servicePrincipals.set(sp.id, sp);
      }
    }
  };
  await addPrincipals('id', ids);
  const known = new Set([...servicePrincipals.values()].map((s) => s.appId));
  await addPrincipals(
    'appId',
    [...wantedAppIds].filter((a) => !known.has(a)),
  );

  const appIdsToRead = [
    ...new Set(
      [...servicePrincipals.values()]
        .filter((s) => s.servicePrincipalType?.toLowerCase() !== 'managedidentity')
        .map((s) => s.appId)
        .filter((a) => GUID.test(a)),
    ),
  ];
  const applications: GraphApplication[] = [];
  const appPages = await eachBatch(appIdsToRead, (batch) =>
    listAll(clients, `/v1.0/applications?$filter=${filterIn('appId', batch)}&$select=${APP_SELECT}`),
  );
  for (const { batch, outcome } of appPages) {
    if (outcome.status === 'rejected') {
      errors.push(
        toSourceError('applications', `applications appId in (${batch.join(', ')})`, outcome.reason),
      );
      continue;
    }
    for (const o of outcome.value)
      applications.push({
        id: (text(o['id']) ?? '').toLowerCase(),
        appId: (text(o['appId']) ?? '').toLowerCase(),
        ...(text(o['displayName']) ? { displayName: text(o['displayName'])! } : {}),
        passwordCredentials: credentials(o['passwordCredentials']),
        keyCredentials: credentials(o['keyCredentials']),
      });
  }

  // Federated credentials are evidence (what already runs without a secret), not a pass/fail input:
  // one that cannot be read is left undefined and said so in the finding, not an error of the check.
  // Only an app holding a secret or certificate (on its registration or its service principal) can
  // be a finding, so only those are asked: one request per app, where most apps of a large tenant
  // hold none.
  const withCredentials = new Set<string>();
  for (const sp of servicePrincipals.values())
    if (sp.passwordCredentials.length || sp.keyCredentials.length) withCredentials.add(sp.appId);
  await forEachBounded(
    applications.filter(
      (app) => app.passwordCredentials.length || app.keyCredentials.length || withCredentials.has(app.appId),
    ),
    async (app) => {
      try {
        const rows = await listAll(clients, `/v1.0/applications/${app.id}/federatedIdentityCredentials`);
        app.federatedIdentityCredentials = rows.map((f): AppFederatedCredential => ({
          name: text(f['name']) ?? '',
          issuer: text(f['issuer']) ?? '',
          subject: text(f['subject']) ?? '',
          audiences: Array.isArray(f['audiences']) ? (f['audiences'] as unknown[]).map(String) : [],
        }));
      } catch {
        // left undefined: "could not be read" in the evidence
      }
    },
    GRAPH_READS_IN_FLIGHT,
  );

  return { applications, servicePrincipals: [...servicePrincipals.values()], errors };
}
