import type { AzureClients, GraphObject } from './azureClients.js';
import type {
  ApplicationCredentials,
  AppFederatedCredential,
  GraphApplication,
  GraphCredential,
  GraphServicePrincipal,
  SourceError,
} from './snapshot.js';
import { forEachBounded } from './armReadsInFlight.js';
import { toSourceError } from './sourceError.js';

/**
 * Values per `in (...)` filter. Microsoft Graph limits a directory-object `$filter` to 15
 * expressions ("Use the $filter query parameter", https://learn.microsoft.com/graph/filter-query-parameter),
 * so a batch never asks for more.
 */
const BATCH = 15;
/** Microsoft Graph reads in flight: Graph's limits are its own (not ARM's), and these are few. */
const FEDERATED_CONCURRENCY = 8;

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
    for (let i = 0; i < values.length; i += BATCH) {
      const batch = values.slice(i, i + BATCH);
      try {
        const rows = await listAll(
          clients,
          `/v1.0/servicePrincipals?$filter=${filterIn(property, batch)}&$select=${SP_SELECT}`,
        );
        for (const o of rows) {
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
      } catch (e) {
        errors.push(
          toSourceError('applications', `servicePrincipals ${property} in (${batch.join(', ')})`, e),
        );
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
  for (let i = 0; i < appIdsToRead.length; i += BATCH) {
    const batch = appIdsToRead.slice(i, i + BATCH);
    try {
      for (const o of await listAll(
        clients,
        `/v1.0/applications?$filter=${filterIn('appId', batch)}&$select=${APP_SELECT}`,
      )) {
        applications.push({
          id: (text(o['id']) ?? '').toLowerCase(),
          appId: (text(o['appId']) ?? '').toLowerCase(),
          ...(text(o['displayName']) ? { displayName: text(o['displayName'])! } : {}),
          passwordCredentials: credentials(o['passwordCredentials']),
          keyCredentials: credentials(o['keyCredentials']),
        });
      }
    } catch (e) {
      errors.push(toSourceError('applications', `applications appId in (${batch.join(', ')})`, e));
    }
  }

  // Federated credentials are evidence (what already runs without a secret), not a pass/fail input:
  // one that cannot be read is left undefined and said so in the finding, not an error of the check.
  await forEachBounded(
    applications,
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
    FEDERATED_CONCURRENCY,
  );

  return { applications, servicePrincipals: [...servicePrincipals.values()], errors };
}
