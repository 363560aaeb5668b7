import { isRestError } from '@azure/core-rest-pipeline';
import { LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs';

import type { AzureClients } from './azureClients.js';
import { KEY_VAULT_AUDIT_AGGREGATE_QUERY } from './queries.js';
import type { KeyVaultAccessAggregate, KeyVaultLogs, SourceError, WorkspaceInfo } from './snapshot.js';
import { toSourceError } from './sourceError.js';

function rowsOf(table: LogsTable | undefined): Record<string, unknown>[] {
  if (!table) return [];
  const names = table.columnDescriptors.map((c) => c.name ?? '');
  return table.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : '');
/** Log Analytics sends dynamic values as JSON text; the client parses some, not all. */
const list = (v: unknown): unknown[] => {
  if (Array.isArray(v)) return v;
  if (typeof v !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
};
const TABLES = new Set<string>(['AzureDiagnostics', 'AZKVAuditLogs']);

function toAggregate(row: Record<string, unknown>, workspaceId: string): KeyVaultAccessAggregate {
  const a: KeyVaultAccessAggregate = {
    vaultId: (text(row['vaultId']) ?? '').toLowerCase(),
    operation: text(row['operation']) ?? '',
    httpStatus: Number(row['httpStatus'] ?? 0),
    callerIps: list(row['callerIps']).map(String).filter(Boolean),
    count: Number(row['events'] ?? 0),
    distinctObjects: Number(row['distinctObjects'] ?? 0),
    firstSeen: iso(row['firstSeen']),
    lastSeen: iso(row['lastSeen']),
    tables: list(row['tables'])
      .map(String)
      .filter((t): t is KeyVaultAccessAggregate['tables'][number] => TABLES.has(t))
      .sort(),
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

interface LaErrorBody {
  code?: string;
  message?: string;
  innererror?: LaErrorBody;
}

/** The chain of Log Analytics' nested error codes and messages (BadArgumentError > SemanticError > SEM0100). */
function innerErrors(thrown: unknown): LaErrorBody[] {
  if (!isRestError(thrown)) return [];
  let body = thrown.details as { error?: LaErrorBody } | LaErrorBody | undefined;
  if (!body && thrown.response?.bodyAsText) {
    try {
      body = JSON.parse(thrown.response.bodyAsText) as { error?: LaErrorBody };
    } catch {
      body = undefined;
    }
  }
  const chain: LaErrorBody[] = [];
  let e: LaErrorBody | undefined = body && 'error' in body ? body.error : (body as LaErrorBody | undefined);
  while (e && chain.length < 5) {
    chain.push(e);
    e = e.innererror;
  }
  return chain;
}

/**
 * A workspace with neither Key Vault table: `union isfuzzy=true` still fails when no leg resolves,
 * with SEM0100 "Failed to resolve table or column expression" (the tables exist only once they
 * received rows). That workspace holds no Key Vault audit rows, which is an answer, not an error.
 */
function noKeyVaultTable(chain: LaErrorBody[]): boolean {
  return chain.some(
    (e) =>
      e.code === 'SEM0100' &&
      /Failed to resolve table/i.test(e.message ?? '') &&
      [...TABLES].some(
        (t) => (e.message ?? '').includes(`'${t}'`) || /none of the tables/i.test(e.message ?? ''),
      ),
  );
}

/**
 * Key Vault audit aggregates from every workspace, over both tables in one query, summarised by
 * KQL in Log Analytics: raw rows never leave the service. A partial answer keeps its rows and
 * records the error; a workspace the query could not read is marked unread, and its coverage error
 * keeps Log Analytics' nested codes and messages (SEM0100 and its text).
 */
export async function queryKeyVaultLogs(
  clients: AzureClients,
  workspaces: readonly Omit<WorkspaceInfo, 'read'>[],
  window: { start: Date; end: Date; duration: string },
): Promise<KeyVaultLogs> {
  const aggregates: KeyVaultAccessAggregate[] = [];
  const errors: SourceError[] = [];
  const read: WorkspaceInfo[] = [];
  const keep = (rows: Record<string, unknown>[], ws: string) => {
    for (const r of rows) aggregates.push(toAggregate(r, ws));
  };
  await Promise.all(
    workspaces.map(async (ws) => {
      let ok = false;
      try {
        // A duration, not start and end: the service measures it from its own clock.
        const result = await clients.logs.queryWorkspace(
          ws.customerId,
          KEY_VAULT_AUDIT_AGGREGATE_QUERY,
          { duration: window.duration },
          { serverTimeoutInSeconds: 180 },
        );
        if (result.status === LogsQueryResultStatus.Success) {
          keep(rowsOf(result.tables[0]), ws.customerId);
          ok = true;
        } else {
          keep(rowsOf(result.partialTables[0]), ws.customerId);
          errors.push({
            source: 'keyVaultLogs',
            scope: ws.resourceId,
            code: result.partialError.code,
            message: `partial result: ${result.partialError.message}`,
          });
          ok = true;
        }
      } catch (e) {
        const chain = innerErrors(e);
        if (noKeyVaultTable(chain)) ok = true;
        else {
          const error = toSourceError('keyVaultLogs', ws.resourceId, e);
          const inner = chain
            .slice(1)
            .map((c) => `${c.code ?? ''}: ${c.message ?? ''}`)
            .join('; ');
          errors.push(inner ? { ...error, message: `${error.message} (${inner})` } : error);
        }
      }
      read.push({ ...ws, read: ok });
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
