import { randomUUID } from 'node:crypto';

import { isRestError } from '@azure/core-rest-pipeline';
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
import { KEY_VAULT_AUDIT_AGGREGATE_QUERY, KEY_VAULT_AUDIT_VOLUME_QUERY, scopeToVaults } from './queries.js';
import type { KeyVaultAccessAggregate, KeyVaultLogs, SourceError, WorkspaceInfo } from './snapshot.js';
import { toSourceError } from './sourceError.js';
import { interner } from './interner.js';

/** The two tables Key Vault audit logs land in; one query reads both (`union isfuzzy=true`). */
const TABLES = new Set<string>(['AzureDiagnostics', 'AZKVAuditLogs']);
/** How coverage messages name the query (it reads both tables). */
const QUERY_NAME = 'Key Vault audit logs';

/** A row's value by column name. */
type Row = (column: string) => unknown;

/** The table's rows, each read by column name where it lies (no second copy of the result as objects). */
function* rowsOf(table: LogsTable | undefined): Generator<Row> {
  if (!table) return;
  const at = new Map(table.columnDescriptors.map((c, i) => [c.name ?? '', i]));
  for (const r of table.rows) yield (column) => r[at.get(column) ?? -1];
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

/** Lists already parsed, by their JSON text (at most {@link SHARED_LISTS_MAX} each). */
interface SharedLists {
  callerIps: Map<string, string[]>;
  tables: Map<string, string[]>;
}
/** Distinct texts kept per list kind: the common ones repeat; rarer ones are parsed each time. */
const SHARED_LISTS_MAX = 4096;

/** The columns {@link toAggregates} reads, by name. */
const COLUMNS = [
  'vaultId',
  'operation',
  'httpStatus',
  'callerIps',
  'events',
  'distinctObjects',
  'firstSeen',
  'lastSeen',
  'tables',
  'callerObjectId',
  'callerAppId',
  'callerUpn',
  'callerIdType',
  'callerMiResourceId',
] as const;

/**
 * The rows of one aggregate result as aggregates, read where they lie (no second copy of the result
 * as objects), each column found by name once per table. The lists (caller addresses, tables) repeat
 * across rows as the same JSON text: each distinct text is parsed once and its list shared (nothing
 * changes an aggregate's lists once collected).
 */
function toAggregates(
  table: LogsTable | undefined,
  workspaceId: string,
  intern: (s: string) => string,
  lists: SharedLists,
  out: KeyVaultAccessAggregate[],
  onlyVaults?: ReadonlySet<string>,
): void {
  if (!table) return;
  const at = new Map(table.columnDescriptors.map((c, i) => [c.name ?? '', i]));
  const [vaultId, operation, httpStatus, callerIps, events, distinctObjects, firstSeen, lastSeen, tables] =
    COLUMNS.map((c) => at.get(c) ?? -1);
  const [oidAt, appIdAt, upnAt, idtypAt, miridAt] = COLUMNS.slice(9).map((c) => at.get(c) ?? -1);
  const sharedList = (
    v: unknown,
    seen: Map<string, string[]>,
    make: (items: unknown[]) => string[],
  ): string[] => {
    if (typeof v !== 'string') return make(list(v));
    let known = seen.get(v);
    if (!known) {
      known = make(list(v));
      if (seen.size < SHARED_LISTS_MAX) seen.set(v, known);
    }
    return known;
  };
  // Addresses are not interned one by one: a list that repeats is shared whole (above), and single
  // addresses rarely repeat across different lists. Interning each cost 0.45-0.7 s of a goal-size
  // audit (1M log rows; a Map of every address seen, grown to hundreds of thousands) for no memory.
  const ips = (items: unknown[]) => {
    const out: string[] = [];
    for (const item of items) {
      const ip = String(item);
      if (ip) out.push(ip);
    }
    return out;
  };
  const tableNames = (items: unknown[]) =>
    items
      .map(String)
      .filter((t) => TABLES.has(t))
      .sort()
      .map(intern);
  for (const r of table.rows) {
    const vault = (text(r[vaultId!]) ?? '').toLowerCase();
    // A range of vault ids may hold vaults between those asked for.
    if (onlyVaults && !onlyVaults.has(vault)) continue;
    const a: KeyVaultAccessAggregate = {
      vaultId: intern(vault),
      operation: intern(text(r[operation!]) ?? ''),
      httpStatus: Number(r[httpStatus!] ?? 0),
      callerIps: sharedList(r[callerIps!], lists.callerIps, ips),
      count: Number(r[events!] ?? 0),
      distinctObjects: Number(r[distinctObjects!] ?? 0),
      firstSeen: iso(r[firstSeen!]),
      lastSeen: iso(r[lastSeen!]),
      tables: sharedList(r[tables!], lists.tables, tableNames) as KeyVaultAccessAggregate['tables'],
      workspaceId,
    };
    const oid = text(r[oidAt!]);
    const appId = text(r[appIdAt!]);
    const upn = text(r[upnAt!]);
    const idtyp = text(r[idtypAt!]);
    const mirid = text(r[miridAt!]);
    if (oid) a.callerObjectId = intern(oid);
    if (appId) a.callerAppId = intern(appId);
    if (upn) a.callerUpn = intern(upn);
    if (idtyp) a.callerIdType = intern(idtyp);
    if (mirid) a.callerManagedIdentityResourceId = intern(mirid);
    out.push(a);
  }
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
 * with SEM0100 "Failed to resolve table or column expression" (a table exists only once it
 * received rows; test/conformance/corpus/loganalytics/unknown-table-sem0100.jsonc). That workspace
 * holds no Key Vault audit rows, which is an answer, not an error.
 */
function noKeyVaultTable(thrown: unknown): boolean {
  return innerErrors(thrown).some(
    (e) =>
      e.code === 'SEM0100' &&
      /Failed to resolve table/i.test(e.message ?? '') &&
      ([...TABLES].some((t) => (e.message ?? '').includes(`'${t}'`)) ||
        /none of the tables/i.test(e.message ?? '')),
  );
}

/**
 * True when a partial answer's warnings only said that Key Vault tables the query unions (with
 * isfuzzy=true) do not exist in the workspace: most workspaces hold one of the two, and a table
 * exists only once it received rows.
 */
function onlyKeyVaultTablesMissing(missing: readonly string[] | undefined): boolean {
  return missing !== undefined && missing.every((t) => TABLES.has(t));
}

/** A coverage message that keeps Log Analytics' nested codes and texts (SEM0100 and its message). */
function withInnerErrors(message: string, thrown: unknown): string {
  const inner = innerErrors(thrown)
    .slice(1)
    .map((c) => `${c.code ?? ''}: ${c.message ?? ''}`)
    .join('; ');
  return inner ? `${message} (${inner})` : message;
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
 * A workspace to query. `onlyVaults` (vault ids) keeps its logs to those vaults: a workspace outside
 * a scoped run, which audited vaults send their logs to, holds the logs of vaults outside it too.
 */
export type LogWorkspace = Omit<WorkspaceInfo, 'read'> & { onlyVaults?: readonly string[] };

/**
 * Key Vault audit aggregates from every workspace, over both tables in one query (union
 * isfuzzy=true: most workspaces hold only one of them), summarised by KQL in Log Analytics: raw
 * rows never leave the service. A workspace with neither table has no rows to give. A volume query first counts each vault's raw rows;
 * when the aggregate could pass the query API's limits it is split by vault (and, should one vault's
 * result still be cut, by time) so that no result is truncated. A result that is truncated all the
 * same keeps its rows and is recorded as an error, never passed off as complete; so is any other
 * partial answer. A workspace no query could read is marked unread.
 */
export async function queryKeyVaultLogs(
  clients: Pick<AzureClients, 'logs' | 'logsPartialErrors'>,
  workspaces: readonly LogWorkspace[],
  window: { start: Date; end: Date; duration: string },
  budget: LogQueryBudget = DEFAULT_BUDGET,
): Promise<KeyVaultLogs> {
  const aggregates: KeyVaultAccessAggregate[] = [];
  const errors: SourceError[] = [];
  const read: WorkspaceInfo[] = [];
  const run = limiter(CONCURRENT_QUERIES);
  const intern = interner();
  const lists: SharedLists = { callerIps: new Map(), tables: new Map() };
  const lookbackMs = window.end.getTime() - window.start.getTime();

  const queryWorkspace = async (ws: LogWorkspace): Promise<boolean> => {
    const only = ws.onlyVaults ? new Set(ws.onlyVaults.map((v) => v.toLowerCase())) : undefined;
    /** Records a failed query; true when the failure only says the workspace has no Key Vault table. */
    const fail = (e: unknown, part?: LogQueryPart): boolean => {
      if (noKeyVaultTable(e)) return true;
      const error = toSourceError('keyVaultLogs', ws.resourceId, e);
      errors.push({
        ...error,
        message: withInnerErrors(
          `${QUERY_NAME}${part ? ` (${describePart(part)})` : ''}: ${error.message}`,
          e,
        ),
      });
      return false;
    };
    // 1. How many raw rows each vault has, and the service's clock.
    let volumes: VaultVolume[] = [];
    let serviceNow = window.end;
    try {
      const volumeRequestId = randomUUID();
      const v = await run(() =>
        clients.logs.queryWorkspace(
          ws.customerId,
          KEY_VAULT_AUDIT_VOLUME_QUERY,
          { duration: window.duration },
          {
            serverTimeoutInSeconds: 180,
            requestOptions: { headers: { 'x-ms-client-request-id': volumeRequestId } },
          },
        ),
      );
      const complete =
        v.status === LogsQueryResultStatus.Success
          ? v.tables[0]
          : onlyKeyVaultTablesMissing(clients.logsPartialErrors.takeMissingTables(volumeRequestId))
            ? v.partialTables[0]
            : undefined;
      if (complete) {
        for (const row of rowsOf(complete)) {
          volumes.push({ vaultId: text(row('vaultId')) ?? '', rows: Number(row('rows') ?? 0) });
          const at = row('asOf');
          const asOf = at instanceof Date ? at : new Date(iso(at));
          if (!Number.isNaN(asOf.getTime())) serviceNow = asOf;
        }
        if (only) volumes = volumes.filter((v) => only.has(v.vaultId.toLowerCase()));
        if (volumes.length === 0) return true;
      } else volumes = [];
    } catch (e) {
      if (noKeyVaultTable(e)) return true;
      // The aggregate below meets the same cause and records it.
      volumes = [];
    }
    const whole = { start: new Date(serviceNow.getTime() - lookbackMs), end: serviceNow };
    const allVaults = volumes.map((v) => v.vaultId);

    // 2. The aggregate, in parts that stay under the limits; a part cut short is halved and re-asked.
    let anyRead = false;
    const ask = async (part: LogQueryPart): Promise<void> => {
      const query = part.vaults
        ? scopeToVaults(KEY_VAULT_AUDIT_AGGREGATE_QUERY, part.vaults[0]!, part.vaults.at(-1)!)
        : KEY_VAULT_AUDIT_AGGREGATE_QUERY;
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
        if (fail(e, part)) anyRead = true;
        return;
      }
      const table =
        result.status === LogsQueryResultStatus.Success
          ? result.tables[0]
          : result.status === LogsQueryResultStatus.PartialFailure
            ? result.partialTables[0]
            : undefined;
      // A fuzzy union's warning that one of the two tables does not exist loses nothing.
      const partial =
        result.status === LogsQueryResultStatus.PartialFailure &&
        !onlyKeyVaultTablesMissing(clients.logsPartialErrors.takeMissingTables(requestId))
          ? result.partialError
          : undefined;
      const rows = table?.rows.length ?? 0;
      const cut = clients.logsPartialErrors.take(requestId);
      const truncated = cut || rows >= budget.resultRows;
      if (truncated) {
        const halves = splitPart(part, allVaults, whole);
        if (halves) {
          await Promise.all(halves.map(ask));
          return;
        }
      }
      toAggregates(table, ws.customerId, intern, lists, aggregates, only);
      anyRead = true;
      if (truncated)
        errors.push({
          source: 'keyVaultLogs',
          scope: ws.resourceId,
          code: 'E_QUERY_RESULT_SET_TOO_LARGE',
          message: `${QUERY_NAME} (${describePart(part)}): the result was truncated at the query API's limits (${rows} rows kept) and cannot be split further`,
        });
      else if (partial)
        errors.push({
          source: 'keyVaultLogs',
          scope: ws.resourceId,
          code: partial.code,
          message: `${QUERY_NAME}${part.vaults || part.window ? ` (${describePart(part)})` : ''}: partial result: ${partial.message}`,
        });
    };
    // Kept to its vaults, a workspace is asked for their range of ids only, never for the whole.
    const parts = partsByVolume(volumes, budget.rawRowsPerQuery).map((p) =>
      only && !p.vaults ? { ...p, vaults: volumes.length ? [...allVaults].sort() : [...only].sort() } : p,
    );
    await Promise.all(parts.map(ask));
    return anyRead;
  };

  await Promise.all(
    workspaces.map(async (ws) => {
      const { resourceId, customerId, subscriptionId } = ws;
      read.push({ resourceId, customerId, subscriptionId, read: await queryWorkspace(ws) });
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
