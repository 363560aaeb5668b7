import { readFile } from 'node:fs/promises';

import { logsIngestionSink, queueSink, teamsSink, webhookSink, type AlertSink } from '../alert/sinks.js';
import { auditorIdentity } from '../collect/auditorIdentity.js';
import { createAzureClients } from '../collect/azureClients.js';
import { startRunBudget } from '../collect/boundedWaits.js';
import { collectSnapshot } from '../collect/collectSnapshot.js';
import { createCredential } from '../collect/credential.js';
import type { AuditorConfig } from '../config.js';
import { InputError } from '../errors.js';
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
  /** Read suppressions from this file instead of the `suppressions.json` blob (the CLI). */
  suppressionsFile?: string;
  /**
   * Base of the Azure clients' exponential backoff (default RETRY_DELAY_MS, 800 ms): the fault
   * matrix drives many outages through this same wiring and shortens it.
   */
  retryDelayInMs?: number;
}

/**
 * Wires a real audit from settings: the managed-identity credential, the official Azure clients,
 * storage (identity in Azure, Azurite locally) and the configured alert sinks.
 */
export function createAuditDeps(config: AuditorConfig, options: DepsOptions = {}): AuditDeps {
  const waits = options.retryDelayInMs === undefined ? {} : { retryDelayInMs: options.retryDelayInMs };
  const credential = createCredential(config, options.credentialKind ?? 'managedIdentity', waits);
  const stores =
    options.stores ??
    (config.storage
      ? createAzureStores(config.storage, config.reportsContainer, credential)
      : createMemoryStores());
  const sinks: AlertSink[] = [];
  const policy = { allowPrivate: config.alert.allowPrivateTargets };
  if (config.alert.webhookUrl) sinks.push(webhookSink(config.alert.webhookUrl, policy));
  if (config.alert.teamsWebhookUrl) sinks.push(teamsSink(config.alert.teamsWebhookUrl, policy));
  if (config.alert.queueName && config.storage)
    sinks.push(queueSink(config.storage, config.alert.queueName, credential));
  const li = config.alert.logsIngestion;
  if (li) sinks.push(logsIngestionSink(li.endpoint, li.dcrImmutableId, li.stream, credential));
  return {
    config,
    clock: () => new Date(),
    stores,
    identify: () => auditorIdentity(credential),
    // Clients per run: each run's requests are tied to its own collection budget.
    collect: (plan, progress) =>
      collectSnapshot(
        createAzureClients(
          config,
          credential,
          startRunBudget(config.collectBudget.ms, config.collectBudget.text),
          waits,
        ),
        plan,
        progress,
      ),
    sinks,
    suppressions: async () => {
      const source = options.suppressionsFile ?? SUPPRESSIONS_BLOB;
      const text = options.suppressionsFile
        ? await readFile(options.suppressionsFile, 'utf8')
        : await stores.reports.readBlob(SUPPRESSIONS_BLOB);
      if (!text) return [];
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new InputError(source, `is not valid JSON: ${(e as Error).message}`);
      }
      return parseSuppressions(json, source);
    },
    toolVersion: TOOL_VERSION,
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
}
