import { TableClient, TableServiceClient, type TableEntityResult } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { QueueClient } from '@azure/storage-queue';
import { QueueServiceClient } from '@azure/storage-queue';

import type { StorageSettings } from '../config.js';
import { StorageError } from '../errors.js';
import { outputStream } from '../report/outputStream.js';
import type { HistoryRecord } from '../model/history.js';
import { STALE_LOCK_MS, type AuditStores, type ReportFile, type RunRecord } from './types.js';

/** The app's own tables and queue on its storage account. */
export const HISTORY_TABLE = 'miauditorhistory';
export const RUNS_TABLE = 'miauditorruns';
export const RUN_QUEUE = 'audit-runs';

interface Clients {
  container: ContainerClient;
  history: TableClient;
  runs: TableClient;
  queue: QueueClient;
  ready: Promise<void>;
}

function clients(settings: StorageSettings, container: string, credential: TokenCredential): Clients {
  let blob: BlobServiceClient;
  let table: (name: string) => TableClient;
  let tableService: TableServiceClient;
  let queueService: QueueServiceClient;
  if (settings.kind === 'connectionString') {
    blob = BlobServiceClient.fromConnectionString(settings.connectionString);
    table = (name) =>
      TableClient.fromConnectionString(settings.connectionString, name, { allowInsecureConnection: true });
    tableService = TableServiceClient.fromConnectionString(settings.connectionString, {
      allowInsecureConnection: true,
    });
    queueService = QueueServiceClient.fromConnectionString(settings.connectionString);
  } else {
    blob = new BlobServiceClient(settings.blobServiceUri, credential);
    table = (name) => new TableClient(settings.tableServiceUri, name, credential);
    tableService = new TableServiceClient(settings.tableServiceUri, credential);
    queueService = new QueueServiceClient(settings.queueServiceUri, credential);
  }
  const c = {
    container: blob.getContainerClient(container),
    history: table(HISTORY_TABLE),
    runs: table(RUNS_TABLE),
    queue: queueService.getQueueClient(RUN_QUEUE),
  };
  const ready = (async () => {
    await c.container.createIfNotExists();
    for (const name of [HISTORY_TABLE, RUNS_TABLE]) await tableService.createTable(name);
    await c.queue.createIfNotExists();
  })();
  return { ...c, ready };
}

const fail = (what: string) => (e: unknown) => {
  throw new StorageError(`${what}: ${(e as Error).message}`, { cause: e });
};

/**
 * Reports as blobs, history and run index in Table storage, on-demand runs on a Storage queue. In
 * Azure through the app's identity (AzureWebJobsStorage__accountName); locally through Azurite's
 * connection string.
 */
export function createAzureStores(
  settings: StorageSettings,
  container: string,
  credential: TokenCredential,
): AuditStores {
  const c = clients(settings, container, credential);
  const readBlob = async (name: string) => {
    await c.ready;
    const b = c.container.getBlockBlobClient(name);
    if (!(await b.exists())) return undefined;
    return (await b.downloadToBuffer()).toString('utf8');
  };
  return {
    reports: {
      async saveRun(runId: string, files: readonly ReportFile[]) {
        await c.ready.catch(fail('storage could not be prepared'));
        for (const prefix of [runId, 'latest']) {
          for (const f of files) {
            // Streamed in 4 MiB blocks, two in flight: memory stays bounded whatever the output's size.
            await c.container
              .getBlockBlobClient(`${prefix}/${f.name}`)
              .uploadStream(outputStream(f), 4 << 20, 2, {
                blobHTTPHeaders: { blobContentType: f.contentType },
              })
              .catch(fail(`report ${prefix}/${f.name} could not be written`));
          }
        }
      },
      readLatest: (name) => readBlob(`latest/${name}`),
      async openLatest(name) {
        await c.ready;
        const b = c.container.getBlockBlobClient(`latest/${name}`);
        if (!(await b.exists())) return undefined;
        return (await b.download()).readableStreamBody as AsyncIterable<Uint8Array> | undefined;
      },
      readRun: (runId, name) => readBlob(`${runId}/${name}`),
      readBlob: (path) => readBlob(path),
    },
    history: {
      async load() {
        await c.ready.catch(fail('storage could not be prepared'));
        const out: HistoryRecord[] = [];
        for await (const e of c.history.listEntities<{ record: string }>({
          queryOptions: { filter: "PartitionKey eq 'finding'" },
        })) {
          out.push(JSON.parse(e.record) as HistoryRecord);
        }
        return out;
      },
      async save(records) {
        await c.ready;
        for (let i = 0; i < records.length; i += 100) {
          const chunk = records.slice(i, i + 100);
          await c.history
            .submitTransaction(
              chunk.map((r) => [
                'upsert',
                { partitionKey: 'finding', rowKey: r.id, record: JSON.stringify(r) },
                'Replace',
              ]),
            )
            .catch(fail('history could not be saved'));
        }
      },
    },
    runs: {
      async acquireLock(runId, now) {
        await c.ready;
        const entity = { partitionKey: 'lock', rowKey: 'audit', runId, at: now.toISOString() };
        try {
          await c.runs.createEntity(entity);
          return { ok: true };
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode !== 409)
            throw new StorageError(`audit lock: ${(e as Error).message}`, { cause: e });
        }
        const held = await c.runs.getEntity<{ runId: string; at: string }>('lock', 'audit');
        if (held.runId !== runId && now.getTime() - Date.parse(held.at) < STALE_LOCK_MS)
          return { ok: false, holder: held.runId };
        // A stale lock, or our own: take it over only if nobody changed it since we read it.
        await c.runs.updateEntity(entity, 'Replace', { etag: held.etag });
        return { ok: true };
      },
      async releaseLock(runId) {
        await c.ready;
        try {
          const held = await c.runs.getEntity<{ runId: string }>('lock', 'audit');
          if (held.runId === runId) await c.runs.deleteEntity('lock', 'audit', { etag: held.etag });
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode !== 404) throw e;
        }
      },
      async put(run: RunRecord) {
        await c.ready;
        await c.runs.upsertEntity(
          { partitionKey: 'run', rowKey: run.runId, record: JSON.stringify(run) },
          'Replace',
        );
      },
      async get(runId) {
        await c.ready;
        try {
          const e = await c.runs.getEntity<{ record: string }>('run', runId);
          return JSON.parse(e.record) as RunRecord;
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode === 404) return undefined;
          throw e;
        }
      },
      async list(limit) {
        await c.ready;
        const out: RunRecord[] = [];
        for await (const e of c.runs.listEntities<{ record: string }>({
          queryOptions: { filter: "PartitionKey eq 'run'" },
        })) {
          out.push(JSON.parse((e as TableEntityResult<{ record: string }>).record) as RunRecord);
        }
        return out.sort((a, b) => b.runId.localeCompare(a.runId)).slice(0, limit);
      },
    },
    runQueue: {
      async enqueue(message) {
        await c.ready;
        // The Functions queue trigger expects base64 by default.
        await c.queue.sendMessage(Buffer.from(JSON.stringify(message)).toString('base64'));
      },
    },
  };
}
