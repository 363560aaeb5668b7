import {
  TableClient,
  TableServiceClient,
  type TableEntityResult,
  type TableServiceClientOptions,
} from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import { isRestError } from '@azure/core-rest-pipeline';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { QueueClient } from '@azure/storage-queue';
import { QueueServiceClient } from '@azure/storage-queue';

import type { StorageSettings } from '../config.js';
import { StorageError } from '../errors.js';
import { allWritten, outputStream } from '../report/outputStream.js';
import { LATEST_POINTER, LEASE_TTL_MS, type AuditStores, type ReportFile, type RunRecord } from './types.js';
import { newestRunFirst } from './runOrder.js';
import { tableHistoryStore } from './tableHistory.js';

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

/**
 * How long one storage request may take and how often it is tried, set explicitly rather than left
 * to each SDK's defaults (Blob and Queue: 4 tries, delays from 4 s up to 120 s, no time limit).
 * - Blob and Queue take `StorageRetryOptions`
 *   (https://learn.microsoft.com/javascript/api/@azure/storage-blob/storageretryoptions):
 *   `maxTries` counts the first try; `tryTimeoutInMs` is sent as the service's own `timeout`
 *   parameter (whole seconds; "Setting timeouts for Blob service operations",
 *   https://learn.microsoft.com/rest/api/storageservices/setting-timeouts-for-blob-service-operations).
 * - Tables take core-rest-pipeline's retry options (`maxRetries` counts retries only,
 *   https://learn.microsoft.com/javascript/api/@azure/core-rest-pipeline/pipelineretryoptions) and
 *   no try timeout, so a policy sets each request's client-side `timeout` (an abort when no answer
 *   comes, https://learn.microsoft.com/javascript/api/@azure/core-rest-pipeline/pipelinerequest#@azure-core-rest-pipeline-pipelinerequest-timeout).
 * A run's lease lasts 5 minutes: a store call gives up well inside it.
 */
export interface StorageRetry {
  maxTries: number;
  tryTimeoutInMs: number;
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
}

export const STORAGE_RETRY: StorageRetry = {
  maxTries: 4,
  tryTimeoutInMs: 30_000,
  retryDelayInMs: 1_000,
  maxRetryDelayInMs: 10_000,
};

function tableOptions(retry: StorageRetry, insecure: boolean): TableServiceClientOptions {
  return {
    ...(insecure ? { allowInsecureConnection: true } : {}),
    retryOptions: {
      maxRetries: retry.maxTries - 1,
      retryDelayInMs: retry.retryDelayInMs,
      maxRetryDelayInMs: retry.maxRetryDelayInMs,
    },
    additionalPolicies: [
      {
        position: 'perRetry',
        policy: {
          name: 'miAuditorStorageTryTimeout',
          sendRequest: (request, next) => {
            if (!request.timeout) request.timeout = retry.tryTimeoutInMs;
            return next(request);
          },
        },
      },
    ],
  };
}

function clients(
  settings: StorageSettings,
  container: string,
  credential: TokenCredential,
  retry: StorageRetry,
): Clients {
  let blob: BlobServiceClient;
  let table: (name: string) => TableClient;
  let tableService: TableServiceClient;
  let queueService: QueueServiceClient;
  const retryOptions = { retryOptions: retry };
  if (settings.kind === 'connectionString') {
    blob = BlobServiceClient.fromConnectionString(settings.connectionString, retryOptions);
    table = (name) =>
      TableClient.fromConnectionString(settings.connectionString, name, tableOptions(retry, true));
    tableService = TableServiceClient.fromConnectionString(
      settings.connectionString,
      tableOptions(retry, true),
    );
    queueService = QueueServiceClient.fromConnectionString(settings.connectionString, retryOptions);
  } else {
    blob = new BlobServiceClient(settings.blobServiceUri, credential, retryOptions);
    table = (name) => new TableClient(settings.tableServiceUri, name, credential, tableOptions(retry, false));
    tableService = new TableServiceClient(settings.tableServiceUri, credential, tableOptions(retry, false));
    queueService = new QueueServiceClient(settings.queueServiceUri, credential, retryOptions);
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
 * The HTTP status of a failed storage call: the Blob, Table and Queue clients throw `RestError`
 * (@azure/core-rest-pipeline), whose `statusCode` is set when the service answered. Anything else
 * (a bug, a network failure before any answer) has none, so no status-based branch takes it.
 */
const statusOf = (e: unknown): number | undefined => (isRestError(e) ? e.statusCode : undefined);

interface LeaseEntity {
  runId: string;
  /** When the lease was taken or last renewed. */
  at: string;
  expiresAt?: string;
}

const leaseEntity = (runId: string, now: Date) => ({
  partitionKey: 'lock',
  rowKey: 'audit',
  runId,
  at: now.toISOString(),
  expiresAt: new Date(now.getTime() + LEASE_TTL_MS).toISOString(),
});

/** A lease written before leases expired (only `at`) lasts one TTL from then. */
const leaseExpiry = (held: LeaseEntity) =>
  held.expiresAt ? Date.parse(held.expiresAt) : Date.parse(held.at) + LEASE_TTL_MS;

interface RunEntity {
  record: string;
  /** Where the on-demand request is kept when it is too large for a Table property. */
  requestBlob?: string;
}

/**
 * A Table property holds at most 64 KiB (32K UTF-16 characters):
 * https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types
 * Records above this keep their request in a blob, so that 1,000 subscriptions still fit.
 */
export const MAX_RECORD_CHARS = 30_000;

/**
 * Reports as blobs, history and run index in Table storage, on-demand runs on a Storage queue. In
 * Azure through the app's identity (AzureWebJobsStorage__accountName); locally through Azurite's
 * connection string.
 */
export function createAzureStores(
  settings: StorageSettings,
  container: string,
  credential: TokenCredential,
  retry: StorageRetry = STORAGE_RETRY,
): AuditStores {
  const c = clients(settings, container, credential, retry);
  const history = tableHistoryStore(c.history);
  const readBlob = async (name: string) => {
    await c.ready;
    const b = c.container.getBlockBlobClient(name);
    if (!(await b.exists())) return undefined;
    return (await b.downloadToBuffer()).toString('utf8');
  };
  /** Where the latest run's file is: through the pointer, or `latest/` for stores written before it. */
  const latestPath = async (name: string) => {
    const pointer = await readBlob(LATEST_POINTER);
    return pointer === undefined
      ? `latest/${name}`
      : `${(JSON.parse(pointer) as { runId: string }).runId}/${name}`;
  };
  const writeBlob = async (name: string, content: string, contentType: string) => {
    await c.container
      .getBlockBlobClient(name)
      .upload(content, Buffer.byteLength(content), { blobHTTPHeaders: { blobContentType: contentType } });
  };
  const runEntity = async (run: RunRecord) => {
    const record = JSON.stringify(run);
    if (record.length <= MAX_RECORD_CHARS || !run.request)
      return { partitionKey: 'run', rowKey: run.runId, record };
    const requestBlob = `runs/${run.runId}/request.json`;
    await writeBlob(requestBlob, JSON.stringify(run.request), 'application/json');
    const { request: _large, ...rest } = run;
    return { partitionKey: 'run', rowKey: run.runId, record: JSON.stringify(rest), requestBlob };
  };
  const runFromEntity = async (e: RunEntity): Promise<RunRecord> => {
    const run = JSON.parse(e.record) as RunRecord;
    if (!e.requestBlob) return run;
    const request = await readBlob(e.requestBlob);
    if (request === undefined)
      throw new StorageError(`the request of run ${run.runId} is missing from ${e.requestBlob}`);
    return { ...run, request: JSON.parse(request) as Record<string, unknown> };
  };
  return {
    reports: {
      async saveRun(runId: string, files: readonly ReportFile[]) {
        await c.ready.catch(fail('storage could not be prepared'));
        // The outputs are uploaded at once, each streamed in 4 MiB blocks, one in flight per output:
        // rendering shares the one thread while the uploads overlap, and memory stays bounded (five
        // blocks) whatever the outputs' size.
        await allWritten(
          files.map((f) =>
            c.container
              .getBlockBlobClient(`${runId}/${f.name}`)
              .uploadStream(outputStream(f), 4 << 20, 1, {
                blobHTTPHeaders: { blobContentType: f.contentType },
              })
              .catch(fail(`report ${runId}/${f.name} could not be written`)),
          ),
        );
      },
      async publishLatest(runId: string) {
        await c.ready.catch(fail('storage could not be prepared'));
        // One small blob write: a reader sees the old run's files or the new run's, never a mix.
        await writeBlob(LATEST_POINTER, JSON.stringify({ runId }), 'application/json').catch(
          fail(`${LATEST_POINTER} could not be written`),
        );
      },
      async readLatest(name) {
        return readBlob(await latestPath(name));
      },
      async openLatest(name) {
        await c.ready;
        const b = c.container.getBlockBlobClient(await latestPath(name));
        if (!(await b.exists())) return undefined;
        return (await b.download()).readableStreamBody as AsyncIterable<Uint8Array> | undefined;
      },
      async openRun(runId, name) {
        await c.ready;
        const b = c.container.getBlockBlobClient(`${runId}/${name}`);
        if (!(await b.exists())) return undefined;
        return (await b.download()).readableStreamBody as AsyncIterable<Uint8Array> | undefined;
      },
      readRun: (runId, name) => readBlob(`${runId}/${name}`),
      readBlob: (path) => readBlob(path),
    },
    history: {
      async load() {
        await c.ready.catch(fail('storage could not be prepared'));
        return history.load();
      },
      async save(records) {
        await c.ready;
        await history.save(records).catch(fail('history could not be saved'));
      },
    },
    runs: {
      async acquireLock(runId, now) {
        await c.ready.catch(fail('storage could not be prepared'));
        const entity = leaseEntity(runId, now);
        try {
          await c.runs.createEntity(entity);
          return { ok: true };
        } catch (e) {
          if (statusOf(e) !== 409)
            throw new StorageError(`audit lease: ${(e as Error).message}`, { cause: e });
        }
        const held = await c.runs.getEntity<LeaseEntity>('lock', 'audit');
        if (held.runId !== runId && now.getTime() < leaseExpiry(held))
          return { ok: false, holder: held.runId };
        // An expired lease, or our own: take it over only if nobody changed it since we read it.
        try {
          await c.runs.updateEntity(entity, 'Replace', { etag: held.etag });
        } catch (e) {
          if (statusOf(e) === 412) return { ok: false, holder: held.runId };
          throw e;
        }
        return held.runId === runId ? { ok: true } : { ok: true, expiredHolder: held.runId };
      },
      async renewLock(runId, now) {
        await c.ready;
        const held = await c.runs.getEntity<LeaseEntity>('lock', 'audit').catch(() => undefined);
        if (held?.runId !== runId) return false;
        try {
          await c.runs.updateEntity(leaseEntity(runId, now), 'Replace', { etag: held.etag });
          return true;
        } catch (e) {
          if (statusOf(e) === 412) return false;
          throw e;
        }
      },
      async releaseLock(runId) {
        await c.ready;
        try {
          const held = await c.runs.getEntity<LeaseEntity>('lock', 'audit');
          if (held.runId === runId) await c.runs.deleteEntity('lock', 'audit', { etag: held.etag });
        } catch (e) {
          if (statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
        }
      },
      async put(run: RunRecord) {
        await c.ready;
        await c.runs.upsertEntity(await runEntity(run), 'Replace');
      },
      async get(runId) {
        await c.ready;
        try {
          return await runFromEntity(await c.runs.getEntity<RunEntity>('run', runId));
        } catch (e) {
          if (statusOf(e) === 404) return undefined;
          throw e;
        }
      },
      async claim(runId, now) {
        await c.ready;
        let entity;
        try {
          entity = await c.runs.getEntity<RunEntity>('run', runId);
        } catch (e) {
          if (statusOf(e) === 404) return false;
          throw e;
        }
        const run = await runFromEntity(entity);
        if (run.status !== 'queued') return false;
        try {
          // Optimistic concurrency: of two deliveries of the same message, one update wins.
          await c.runs.updateEntity(
            await runEntity({ ...run, status: 'running', startedAt: now.toISOString() }),
            'Replace',
            { etag: entity.etag },
          );
          return true;
        } catch (e) {
          if (statusOf(e) === 412) return false;
          throw e;
        }
      },
      async list(limit) {
        await c.ready;
        const out: RunRecord[] = [];
        for await (const e of c.runs.listEntities<{ record: string }>({
          queryOptions: { filter: "PartitionKey eq 'run'" },
        })) {
          // The list needs no on-demand request: a large one stays in its blob.
          out.push(JSON.parse((e as TableEntityResult<RunEntity>).record) as RunRecord);
        }
        return out.sort(newestRunFirst).slice(0, limit);
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
