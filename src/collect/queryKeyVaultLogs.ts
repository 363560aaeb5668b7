import { LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs';

import type { AzureClients } from './azureClients.js';
import { AZKV_AUDIT_AGGREGATE_QUERY, AZURE_DIAGNOSTICS_AGGREGATE_QUERY } from './queries.js';
import type { KeyVaultAccessAggregate, KeyVaultLogs, SourceError, WorkspaceInfo } from './snapshot.js';
import { toSourceError } from './sourceError.js';

const QUERIES = [
  { table: 'AZKVAuditLogs', query: AZKV_AUDIT_AGGREGATE_QUERY },
  { table: 'AzureDiagnostics', query: AZURE_DIAGNOSTICS_AGGREGATE_QUERY },
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

/**
 * Key Vault audit aggregates from every workspace, over both tables, summarised by KQL in Log
 * Analytics: raw rows never leave the service. A partial answer keeps its rows and records the
 * error; a workspace no query could read is marked unread.
 */
export async function queryKeyVaultLogs(
  clients: AzureClients,
  workspaces: readonly Omit<WorkspaceInfo, 'read'>[],
  window: { start: Date; end: Date; duration: string },
): Promise<KeyVaultLogs> {
  const aggregates: KeyVaultAccessAggregate[] = [];
  const errors: SourceError[] = [];
  const read: WorkspaceInfo[] = [];
  await Promise.all(
    workspaces.map(async (ws) => {
      let anyRead = false;
      for (const { table, query } of QUERIES) {
        try {
          // A duration, not start and end: the service measures it from its own clock.
          const result = await clients.logs.queryWorkspace(
            ws.customerId,
            query,
            { duration: window.duration },
            { serverTimeoutInSeconds: 180 },
          );
          if (result.status === LogsQueryResultStatus.Success) {
            aggregates.push(...rowsOf(result.tables[0]).map((r) => toAggregate(r, table, ws.customerId)));
            anyRead = true;
          } else if (result.status === LogsQueryResultStatus.PartialFailure) {
            aggregates.push(
              ...rowsOf(result.partialTables[0]).map((r) => toAggregate(r, table, ws.customerId)),
            );
            errors.push({
              source: 'keyVaultLogs',
              scope: ws.resourceId,
              code: result.partialError.code,
              message: `${table}: partial result: ${result.partialError.message}`,
            });
            anyRead = true;
          }
        } catch (e) {
          const error = toSourceError('keyVaultLogs', ws.resourceId, e);
          errors.push({ ...error, message: `${table}: ${error.message}` });
        }
      }
      read.push({ ...ws, read: anyRead });
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
