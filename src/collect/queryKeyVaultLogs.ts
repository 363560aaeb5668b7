import { randomUUID } from 'node:crypto';

import { LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs';

import type { AzureClients } from './azureClients.js';
import {
  describePart,
  LOG_QUERY_API_LIMITS,
  partsByVolume,
  RAW_ROWS_PER_QUERY,
  splitPart,
  type LogQueryPart,
  type VaultVolume,
} from './keyVaultLogParts.js';
import {
  AZKV_AUDIT_AGGREGATE_QUERY,
  AZKV_AUDIT_VOLUME_QUERY,
  AZURE_DIAGNOSTICS_AGGREGATE_QUERY,
  AZURE_DIAGNOSTICS_VOLUME_QUERY,
  scopeToVaults,
} from './queries.js';
import type { KeyVaultAccessAggregate, KeyVaultLogs, SourceError, WorkspaceInfo } from './snapshot.js';
import { toSourceError } from './sourceError.js';

/** The two places Key Vault audit logs land, with the column that holds the vault's id in each. */
const TABLES = [
  {
    table: 'AZKVAuditLogs',
    aggregateQuery: AZKV_AUDIT_AGGREGATE_QUERY,
    volumeQuery: AZKV_AUDIT_VOLUME_QUERY,
    vaultColumn: '_ResourceId',
  },
  {
    table: 'AzureDiagnostics',
    aggregateQuery: AZURE_DIAGNOSTICS_AGGREGATE_QUERY,
    volumeQuery: AZURE_DIAGNOSTICS_VOLUME_QUERY,
    vaultColumn: 'ResourceId',
  },
] as const;

function rowsOf(table: LogsTable | undefined): Record<string, unknown>[] {
  if (!table) return [];
  const names = table.columnDescriptors.map((c) => c.name ?? '');
  return table.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : '');

function toAggregate(
  row: Record<string, unknown>,
  table: KeyVaultAccessAggregate['table'],
  workspaceId: string,
): KeyVaultAccessAggregate {
  const a: KeyVaultAccessAggregate = {
    vaultId: (text(row['vaultId']) ?? '').toLowerCase(),
    operation: text(row['operation']) ?? '',
    httpStatus: Number(row['httpStatus'] ?? 0),
    callerIps: Array.isArray(row['callerIps'])
      ? (row['callerIps'] as unknown[]).map(String).filter(Boolean)
      : [],
    count: Number(row['events'] ?? 0),
    distinctObjects: Number(row['distinctObjects'] ?? 0),
    firstSeen: iso(row['firstSeen']),
    lastSeen: iso(row['lastSeen']),
    table,
    workspaceId,
  };
  const oid = text(row['callerObjectId']);
  const appId = text(row['callerAppId']);
  const upn = text(row['callerUpn']);
  const idtyp = text(row['callerIdType']);
  const mirid = text(row['callerMiResourceId']);
  if (oid) a.callerObjectId = oid;
  if (appId) a.callerAppId = appId;
  if (upn) a.callerUpn = upn;
  if (idtyp) a.callerIdType = idtyp;
  if (mirid) a.callerManagedIdentityResourceId = mirid;
  return a;
}

/** Queries in flight at once: Log Analytics runs five per user and queues the rest (service limits, "User query throttling"). */
const CONCURRENT_QUERIES = 5;

/** Limits of one result and of the raw rows one aggregate query may cover (tests lower them). */
export interface LogQueryBudget {
  resultRows: number;
  rawRowsPerQuery: number;
}

const DEFAULT_BUDGET: LogQueryBudget = {
  resultRows: LOG_QUERY_API_LIMITS.rows,
  rawRowsPerQuery: RAW_ROWS_PER_QUERY,
};

/** Runs at most `n` tasks at once, in the order they were asked for. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * Key Vault audit aggregates from every workspace, over both tables, summarised by KQL in Log
 * Analytics: raw rows never leave the service. A volume query first counts each vault's raw rows;
 * when the aggregate could pass the query API's limits it is split by vault (and, should one vault's
 * result still be cut, by time) so that no result is truncated. A result that is truncated all the
 * same keeps its rows and is recorded as an error, never passed off as complete; so is any other
 * partial answer. A workspace no query could read is marked unread.
 */
export async function queryKeyVaultLogs(
  clients: Pick<AzureClients, 'logs' | 'logsTruncation'>,
  workspaces: readonly Omit<WorkspaceInfo, 'read'>[],
  window: { start: Date; end: Date; duration: string },
  budget: LogQueryBudget = DEFAULT_BUDGET,
): Promise<KeyVaultLogs> {
  const aggregates: KeyVaultAccessAggregate[] = [];
  const errors: SourceError[] = [];
  const read: WorkspaceInfo[] = [];
  const run = limiter(CONCURRENT_QUERIES);
  const lookbackMs = window.end.getTime() - window.start.getTime();

  const queryTable = async (
    ws: Omit<WorkspaceInfo, 'read'>,
    t: (typeof TABLES)[number],
  ): Promise<boolean> => {
    const fail = (e: unknown, part?: LogQueryPart) => {
      const error = toSourceError('keyVaultLogs', ws.resourceId, e);
      errors.push({
        ...error,
        message: `${t.table}${part ? ` (${describePart(part)})` : ''}: ${error.message}`,
      });
    };
    // 1. How many raw rows each vault has, and the service's clock.
    let volumes: VaultVolume[] = [];
    let serviceNow = window.end;
    try {
      const v = await run(() =>
        clients.logs.queryWorkspace(
          ws.customerId,
          t.volumeQuery,
          { duration: window.duration },
          { serverTimeoutInSeconds: 180 },
        ),
      );
      if (v.status === LogsQueryResultStatus.Success) {
        for (const row of rowsOf(v.tables[0])) {
          volumes.push({ vaultId: text(row['vaultId']) ?? '', rows: Number(row['rows'] ?? 0) });
          const asOf = row['asOf'] instanceof Date ? row['asOf'] : new Date(iso(row['asOf']));
          if (!Number.isNaN(asOf.getTime())) serviceNow = asOf;
        }
        if (volumes.length === 0) return true;
      } else volumes = [];
    } catch {
      // The aggregate below meets the same cause and records it.
      volumes = [];
    }
    const whole = { start: new Date(serviceNow.getTime() - lookbackMs), end: serviceNow };
    const allVaults = volumes.map((v) => v.vaultId);

    // 2. The aggregate, in parts that stay under the limits; a part cut short is halved and re-asked.
    let anyRead = false;
    const ask = async (part: LogQueryPart): Promise<void> => {
      const query = part.vaults
        ? scopeToVaults(t.aggregateQuery, t.vaultColumn, part.vaults[0]!, part.vaults.at(-1)!)
        : t.aggregateQuery;
      // A duration, not start and end, for the whole look-back: the service measures it from its own clock.
      const timespan = part.window
        ? { startTime: part.window.start, endTime: part.window.end }
        : { duration: window.duration };
      let result;
      const requestId = randomUUID();
      try {
        result = await run(() =>
          clients.logs.queryWorkspace(ws.customerId, query, timespan, {
            serverTimeoutInSeconds: 180,
            requestOptions: { headers: { 'x-ms-client-request-id': requestId } },
          }),
        );
      } catch (e) {
        fail(e, part);
        return;
      }
      const table =
        result.status === LogsQueryResultStatus.Success
          ? result.tables[0]
          : result.status === LogsQueryResultStatus.PartialFailure
            ? result.partialTables[0]
            : undefined;
      const partial =
        result.status === LogsQueryResultStatus.PartialFailure ? result.partialError : undefined;
      const rows = table?.rows.length ?? 0;
      const cut = clients.logsTruncation.take(requestId);
      const truncated = cut || rows >= budget.resultRows;
      if (truncated) {
        const halves = splitPart(part, allVaults, whole);
        if (halves) {
          await Promise.all(halves.map(ask));
          return;
        }
      }
      for (const row of rowsOf(table)) aggregates.push(toAggregate(row, t.table, ws.customerId));
      anyRead = true;
      if (truncated)
        errors.push({
          source: 'keyVaultLogs',
          scope: ws.resourceId,
          code: 'E_QUERY_RESULT_SET_TOO_LARGE',
          message: `${t.table} (${describePart(part)}): the result was truncated at the query API's limits (${rows} rows kept) and cannot be split further`,
        });
      else if (partial)
        errors.push({
          source: 'keyVaultLogs',
          scope: ws.resourceId,
          code: partial.code,
          message: `${t.table}${part.vaults || part.window ? ` (${describePart(part)})` : ''}: partial result: ${partial.message}`,
        });
    };
    await Promise.all(partsByVolume(volumes, budget.rawRowsPerQuery).map(ask));
    return anyRead;
  };

  await Promise.all(
    workspaces.map(async (ws) => {
      const outcomes = await Promise.all(TABLES.map((t) => queryTable(ws, t)));
      read.push({ ...ws, read: outcomes.some(Boolean) });
    }),
  );
  return {
    workspaces: read,
    aggregates,
    windowStart: window.start.toISOString(),
    windowEnd: window.end.toISOString(),
    errors,
  };
}
