import { logsIngestionSink, queueSink, teamsSink, webhookSink, type AlertSink } from '../alert/sinks.js';
import { auditorIdentity } from '../collect/auditorIdentity.js';
import { createAzureClients } from '../collect/azureClients.js';
import { collectSnapshot } from '../collect/collectSnapshot.js';
import { createCredential } from '../collect/credential.js';
import type { AuditorConfig } from '../config.js';
import { createAzureStores } from '../store/azureStores.js';
import { createMemoryStores } from '../store/memoryStores.js';
import type { AuditStores } from '../store/types.js';
import { parseSuppressions } from '../suppress/suppressions.js';
import type { AuditDeps } from './runAudit.js';
import { TOOL_VERSION } from './toolVersion.js';

/** The blob of the reports container that holds suppressions, if any. */
export const SUPPRESSIONS_BLOB = 'suppressions.json';

export interface DepsOptions {
  credentialKind?: 'managedIdentity' | 'default';
  /** Stores to use instead of the configured storage (CLI without storage, tests). */
  stores?: AuditStores;
  progress?: AuditDeps['progress'];
  log?: AuditDeps['log'];
}

/**
 * Wires a real audit from settings: the managed-identity credential, the official Azure clients,
 * storage (identity in Azure, Azurite locally) and the configured alert sinks.
 */
export function createAuditDeps(config: AuditorConfig, options: DepsOptions = {}): AuditDeps {
  const credential = createCredential(config, options.credentialKind ?? 'managedIdentity');
  const stores =
    options.stores ??
    (config.storage
      ? createAzureStores(config.storage, config.reportsContainer, credential)
      : createMemoryStores());
  const sinks: AlertSink[] = [];
  if (config.alert.webhookUrl) sinks.push(webhookSink(config.alert.webhookUrl));
  if (config.alert.teamsWebhookUrl) sinks.push(teamsSink(config.alert.teamsWebhookUrl));
  if (config.alert.queueName && config.storage)
    sinks.push(queueSink(config.storage, config.alert.queueName, credential));
  const li = config.alert.logsIngestion;
  if (li) sinks.push(logsIngestionSink(li.endpoint, li.dcrImmutableId, li.stream, credential));
  let clients: ReturnType<typeof createAzureClients> | undefined;
  return {
    config,
    clock: () => new Date(),
    stores,
    identify: () => auditorIdentity(credential),
    collect: (plan, progress) =>
      collectSnapshot((clients ??= createAzureClients(config, credential)), plan, progress),
    sinks,
    suppressions: async () => {
      const text = await stores.reports.readBlob(SUPPRESSIONS_BLOB);
      return text ? parseSuppressions(JSON.parse(text), SUPPRESSIONS_BLOB) : [];
    },
    toolVersion: TOOL_VERSION,
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
}
