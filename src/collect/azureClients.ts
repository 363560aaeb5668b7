import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { MonitorClient } from '@azure/arm-monitor';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { PolicyClient } from '@azure/arm-policy';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient } from '@azure/core-rest-pipeline';
import { LogsQueryClient } from '@azure/monitor-query-logs';

import type { AuditorConfig } from '../config.js';
import { CollectorError } from '../errors.js';
import { boundedClientOptions, RETRY_DELAY_MS, type RunBudget } from './boundedWaits.js';
import { logQueryNoContentPolicy } from './logQueryNoContent.js';
import { createPartialErrorWitness, type PartialErrorWitness } from './logQueryPartialErrors.js';
import { DIRECTORY_STRING_PROPERTIES } from './normalize.js';
import { QuotaPacer, quotaRefusalPolicy } from './quotaPacer.js';
import { ArmReadPacer, armReadPacingPolicy, type ArmReadPacerOptions } from './armReadPacer.js';
import { requestMetricsPolicy, type ApiName } from './requestMetrics.js';
import { createRestGet, createRestPost, type RestGet, type RestPost } from './restGet.js';

/** A directory object as Microsoft Graph returns it. */
export type GraphObject = Record<string, unknown>;

/** The Azure clients one audit uses, all pointed at the configured endpoints. */
export interface AzureClients {
  resourceGraph: ResourceGraphClient;
  /** Resource Graph's quota is per caller: every query of the audit shares this pacer. */
  pacer: QuotaPacer;
  authorization(subscriptionId: string): AuthorizationManagementClient;
  monitor(subscriptionId: string): MonitorClient;
  /** Microsoft.ManagedIdentity over ARM: federated credentials are not in Resource Graph. */
  msi(subscriptionId: string): ManagedServiceIdentityClient;
  /** Azure Policy over ARM: which user-assigned identities policy assignments run as. */
  policy(subscriptionId: string): PolicyClient;
  logs: LogsQueryClient;
  /**
   * What Log Analytics answers' partial errors said (see PartialErrorWitness): cut at the query API's
   * limits, or only that a unioned table does not exist.
   */
  logsPartialErrors: Pick<PartialErrorWitness, 'take' | 'takeMissingTables'>;
  /** Microsoft Graph `directoryObjects/getByIds` (no official client for this call on Node 20). */
  getDirectoryObjects(ids: string[]): Promise<GraphObject[]>;
  /** ARM GET of a path such as `{resourceId}/basicPublishingCredentialsPolicies?api-version=…`; 404 answers undefined. */
  armGet(pathAndQuery: string): Promise<Record<string, unknown> | undefined>;
  /** Microsoft Graph GET of `/v1.0/...` or of an absolute `@odata.nextLink`; 404 answers undefined. */
  graphGet(pathOrUrl: string): Promise<Record<string, unknown> | undefined>;
}

const ARM_SCOPE = 'https://management.azure.com/.default';

/** One client per subscription, made on first use and kept for the run (its pipeline and token cache with it). */
function perSubscription<C>(make: (subscriptionId: string) => C): (subscriptionId: string) => C {
  const clients = new Map<string, C>();
  return (subscriptionId) => {
    let c = clients.get(subscriptionId);
    if (!c) clients.set(subscriptionId, (c = make(subscriptionId)));
    return c;
  };
}

/** The directory-object properties the checks read (users, groups and service principals). */
export const GETBYIDS_SELECT = ['id', ...DIRECTORY_STRING_PROPERTIES, 'alternativeNames'].join(',');

/**
 * Builds the official clients. Endpoint overrides change some clients' token scope (arm-authorization
 * asks for `${endpoint}/.default`), so the real audience is pinned with `credentialScopes`.
 */
export function createAzureClients(
  config: AuditorConfig,
  credential: TokenCredential,
  budget?: RunBudget,
  {
    retryDelayInMs = RETRY_DELAY_MS,
    armReads: armReadLimit = {},
  }: {
    retryDelayInMs?: number;
    /** ARM's read limit as the pacer assumes it (tests pass the emulator's lowered one); default Azure's. */
    armReads?: Pick<ArmReadPacerOptions, 'bucket' | 'refillPerSecond'>;
  } = {},
): AzureClients {
  const { arm, logAnalytics, graph } = config.endpoints;
  // Every client: bounded retries, a request timeout, Retry-After capped, the run's budget.
  // One HTTP client (one keep-alive agent) for every client of the run: each SDK client would
  // otherwise open its own connections, a TLS handshake each, per subscription and per client.
  const httpClient = createDefaultHttpClient();
  const bounded = { ...boundedClientOptions(budget, { retryDelayInMs }), httpClient };
  const logsBounded = {
    ...boundedClientOptions(budget, { requestTimeoutMs: 200_000, retryDelayInMs }),
    httpClient,
  };
  const partialErrors = createPartialErrorWitness();
  const counted = (api: ApiName) => ({
    additionalPolicies: [...bounded.additionalPolicies, requestMetricsPolicy(api)],
  });
  // ARM reads (not Resource Graph, which has its own quota and pacer) share one pacer: ARM's read
  // bucket is per subscription and principal, whichever client sends the read.
  const armReads = new ArmReadPacer(armReadLimit);
  const armCounted = (api: ApiName) => ({
    additionalPolicies: [
      ...counted(api).additionalPolicies,
      { policy: armReadPacingPolicy(armReads), position: 'perRetry' as const },
    ],
  });
  const pacer = new QuotaPacer(budget ? { budget } : {});
  const armRest: RestGet = createRestGet(credential, ARM_SCOPE, { ...bounded, ...armCounted('arm') });
  const graphScope = `${graphAudience(graph)}/.default`;
  const graphOptions = { ...bounded, ...counted('graph') };
  const graphRest: RestGet = createRestGet(credential, graphScope, graphOptions);
  const graphPost: RestPost = createRestPost(credential, graphScope, graphOptions);
  return {
    armGet: (pathAndQuery) => armRest(`${arm}${pathAndQuery}`),
    graphGet: (pathOrUrl) => {
      // A nextLink is absolute: follow it only to the configured Graph endpoint, so the token goes nowhere else.
      if (/^https?:/i.test(pathOrUrl) && new URL(pathOrUrl).origin !== new URL(graph).origin) {
        throw new Error(
          `refusing to follow a Microsoft Graph link to another host: ${new URL(pathOrUrl).origin}`,
        );
      }
      return graphRest(/^https?:/i.test(pathOrUrl) ? pathOrUrl : `${graph}${pathOrUrl}`);
    },
    resourceGraph: new ResourceGraphClient(credential, {
      endpoint: arm,
      ...bounded,
      additionalPolicies: [
        ...counted('resourceGraph').additionalPolicies,
        { policy: quotaRefusalPolicy(pacer), position: 'perRetry' },
      ],
    }),
    pacer,
    authorization: perSubscription(
      (subscriptionId) =>
        new AuthorizationManagementClient(credential, subscriptionId, {
          endpoint: arm,
          credentialScopes: [ARM_SCOPE],
          ...bounded,
          ...armCounted('authorization'),
        }),
    ),
    // @azure/arm-monitor 8.x: diagnostic settings at 2021-05-01-preview, the first version with
    // category groups and partner destinations (7.x sent 2017-05-01-preview).
    monitor: perSubscription(
      (subscriptionId) =>
        new MonitorClient(credential, subscriptionId, {
          endpoint: arm,
          credentials: { scopes: [ARM_SCOPE] },
          ...bounded,
          ...armCounted('monitor'),
        }),
    ),
    msi: perSubscription(
      (subscriptionId) =>
        new ManagedServiceIdentityClient(credential, subscriptionId, {
          endpoint: arm,
          credentialScopes: [ARM_SCOPE],
          ...bounded,
          ...armCounted('managedIdentity'),
        }),
    ),
    // @azure/arm-policy 7.x asks for `${endpoint}/.default` unless told: the audience is ARM's.
    policy: perSubscription(
      (subscriptionId) =>
        new PolicyClient(credential, subscriptionId, {
          endpoint: arm,
          credentials: { scopes: [ARM_SCOPE] },
          ...bounded,
          ...armCounted('policy'),
        }),
    ),
    logs: new LogsQueryClient(credential, {
      endpoint: logAnalytics,
      // Queries run with a 180 s server timeout (queryKeyVaultLogs); the request may take that long.
      ...logsBounded,
      additionalPolicies: [
        ...logsBounded.additionalPolicies,
        { policy: partialErrors.policy, position: 'perCall' },
        { policy: logQueryNoContentPolicy, position: 'perCall' },
        requestMetricsPolicy('logAnalytics'),
      ],
    }),
    logsPartialErrors: partialErrors,
    async getDirectoryObjects(ids) {
      // v1.0 returns users with a limited default property set (no userType) unless $select names
      // the properties (Microsoft Graph known issue "Incomplete objects when using getByIds";
      // test/conformance/corpus/graph/getbyids-default-user-properties.jsonc). Sent over the SDK
      // pipeline (createRestPost): a 429 is waited out and retried as every other Graph read is.
      const answer = await graphPost(`${graph}/v1.0/directoryObjects/getByIds?$select=${GETBYIDS_SELECT}`, {
        ids,
        types: ['user', 'group', 'servicePrincipal'],
      });
      if (!answer) throw new CollectorError('directory', 'tenant', 'Microsoft Graph getByIds answered 404');
      return Array.isArray(answer['value']) ? (answer['value'] as GraphObject[]) : [];
    },
  };
}

/** Graph tokens are always for graph.microsoft.com (or a sovereign cloud's Graph), not for a local endpoint. */
function graphAudience(endpoint: string): string {
  return /^https:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(endpoint)
    ? 'https://graph.microsoft.com'
    : endpoint;
}
