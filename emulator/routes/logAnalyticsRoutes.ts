import {
  logAnalyticsError,
  logAnalyticsForbidden,
  logAnalyticsPartialError,
  logAnalyticsQueryError,
} from '../errors/logAnalyticsErrors.js';
import { AUDIENCES } from '../identity/tokenIssuer.js';
import { json, type EmulatorRequest, type EmulatorResponse, type Route } from '../http.js';
import type { FaultEffect } from '../faults.js';
import { KqlError, LOG_ANALYTICS_SCHEMAS, type Column } from '../kql/index.js';
import { OffThreadQueries, type TableSource } from '../kql/offThreadQueries.js';
import { columnsOf } from '../kql/tableFromObjects.js';
import { coerce } from '../kql/values.js';
import type { WireResult } from '../kql/queryExecution.js';
import { norm, type Json, type TenantModel } from '../tenantModel.js';

type Workspace = TenantModel['fixture']['workspaces'][number];

/** The query window of a `timespan`: `P7D`, `start/end`, `start/PT1H` or `PT1H/end`, against `now`. */
export function timespanWindow(
  timespan: string | undefined,
  now: Date,
): { start: number; end: number } | undefined {
  if (!timespan) return undefined;
  const duration = (t: string) => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
    if (!m) return undefined;
    return (
      (Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) *
      1000
    );
  };
  const [a, b] = timespan.split('/');
  if (b === undefined) {
    const d = duration(a!);
    return d === undefined ? undefined : { start: now.getTime() - d, end: now.getTime() };
  }
  const da = duration(a!);
  const db = duration(b);
  if (da !== undefined) {
    const end = Date.parse(b);
    return Number.isNaN(end) ? undefined : { start: end - da, end };
  }
  const start = Date.parse(a!);
  if (Number.isNaN(start)) return undefined;
  if (db !== undefined) return { start, end: start + db };
  const end = Date.parse(b);
  return Number.isNaN(end) ? undefined : { start, end };
}

/**
 * What one query may return: Microsoft Learn, "Azure Monitor service limits" → Query API
 * (https://learn.microsoft.com/azure/azure-monitor/fundamentals/service-limits#la-query-api):
 * 500,000 records, ~104 MB (~100 MiB). Past either, the engine cuts the result and answers a partial
 * failure E_QUERY_RESULT_SET_TOO_LARGE (https://learn.microsoft.com/kusto/concepts/result-truncation).
 */
export interface LogQueryLimits {
  rows: number;
  bytes: number;
}

export const DEFAULT_LOG_QUERY_LIMITS: LogQueryLimits = { rows: 500_000, bytes: 104_857_600 };

/** The columns a workspace table has whatever rows it holds (its schema; `TimeGenerated` for others). */
function schemaOf(table: string): readonly Column[] {
  return LOG_ANALYTICS_SCHEMAS[table] ?? [{ name: 'TimeGenerated', type: 'datetime' }];
}

/** A workspace's tables as the KQL engine takes them, one source per fixture table. */
export function workspaceTables(ws: Workspace): Record<string, TableSource> {
  const out: Record<string, TableSource> = {};
  for (const [name, rows] of Object.entries(ws.tables)) out[name] = { rows, schema: schemaOf(name) };
  // Only the tables the fixture names exist: a Log Analytics table exists once it received rows
  // (learn.microsoft.com/azure/azure-monitor/reference/tables/azurediagnostics); a query naming
  // another is refused with SEM0100 (corpus loganalytics/unknown-table-sem0100). A key with an
  // empty array is a table that exists with no rows in the window.
  return out;
}

/** Log Analytics query API: workspace queries and resource-centric queries, with and without `/v1`. */
export function logAnalyticsRoutes(
  model: TenantModel,
  limits: LogQueryLimits = DEFAULT_LOG_QUERY_LIMITS,
  queries: OffThreadQueries = new OffThreadQueries(),
): Route[] {
  // Each fixture table's columns (its schema and the other keys its rows carry), found once: a
  // resource-centric query sees the workspace's columns even where none of its rows match.
  const tableColumns = new WeakMap<object, Column[]>();
  const columnsOfTable = (t: TableSource): Column[] => {
    let columns = tableColumns.get(t.rows);
    if (!columns) {
      columns = columnsOf(t.rows, t.schema);
      tableColumns.set(t.rows, columns);
    }
    return columns;
  };

  const execute = async (
    req: EmulatorRequest,
    tables: Record<string, TableSource>,
    permissionScope: string,
    fault: FaultEffect,
    /** The workspace never received data (a fixture workspace with `tables: {}`). */
    noData = false,
  ): Promise<EmulatorResponse> => {
    const body = (
      req.method === 'GET'
        ? { query: req.query.get('query'), timespan: req.query.get('timespan') }
        : (req.body ?? {})
    ) as Json;
    const query = body['query'];
    if (typeof query !== 'string' || query.trim() === '')
      return logAnalyticsError(
        400,
        'BadArgumentError',
        "The request had some invalid properties: 'query' is required.",
      );
    const now = model.now();
    const window = timespanWindow(body['timespan'] ?? undefined, now);
    if (body['timespan'] && !window)
      return logAnalyticsError(
        400,
        'BadArgumentError',
        `The timespan '${String(body['timespan'])}' is not valid.`,
      );

    // A workspace that holds no data at all answers any valid query 204 with no body ("No data in
    // workspace", https://learn.microsoft.com/azure/azure-monitor/logs/api/errors; corpus
    // loganalytics/no-data-204.jsonc), not SEM0100 for the tables it lacks.
    if (noData && !fault.partialError) return { status: 204 };

    for (const name of Object.keys(tables)) {
      if (!new RegExp(`\\b${name}\\b`).test(query)) continue;
      if (!model.auditorCan(`Microsoft.OperationalInsights/workspaces/query/${name}/read`, permissionScope)) {
        return logAnalyticsForbidden();
      }
    }

    const started = Date.now();
    let result: WireResult;
    try {
      // Off the request thread when a table is large: Resource Graph pages keep being served.
      result = await queries.run(query, tables, window, now, limits);
    } catch (e) {
      if (e instanceof KqlError) return logAnalyticsQueryError(e);
      throw e;
    }
    const { rows, cut } = result;
    const response: Json = {
      tables: [
        {
          name: 'PrimaryResult',
          columns: result.columns,
          rows,
        },
      ],
    };
    const prefer = (req.headers['prefer'] ?? '').toLowerCase();
    if (prefer.includes('include-statistics=true'))
      response['statistics'] = { query: { executionTime: (Date.now() - started) / 1000, resourceUsage: {} } };
    if (prefer.includes('include-render=true')) response['render'] = {};
    const partialError = fault.partialError ?? cut;
    if (partialError || result.warnings) {
      response['error'] = logAnalyticsPartialError(partialError, Boolean(cut), result.warnings);
    }
    return json(200, response);
  };

  const byWorkspace = (req: EmulatorRequest, m: RegExpExecArray, _caller: unknown, fault: FaultEffect) => {
    const id = m[1]!.toLowerCase();
    const ws = model.fixture.workspaces.find(
      (w) => w.customerId.toLowerCase() === id || norm(w.resourceId) === norm(id),
    );
    if (!ws)
      return logAnalyticsError(404, 'WorkspaceNotFoundError', `The workspace ${m[1]} could not be found`);
    return execute(req, workspaceTables(ws), ws.resourceId, fault, Object.keys(ws.tables).length === 0);
  };

  const byResource = (req: EmulatorRequest, m: RegExpExecArray, _caller: unknown, fault: FaultEffect) => {
    const resourceId = m[1]!;
    if (
      !model.auditorCan('Microsoft.Insights/logs/read', resourceId) &&
      !model.auditorCan(
        `${resourceId.split('/providers/')[1]?.split('/').slice(0, 2).join('/') ?? ''}/read`,
        resourceId,
      )
    ) {
      return logAnalyticsForbidden();
    }
    // A resource-centric query sees, in every workspace, the rows whose _ResourceId is the resource.
    const merged: Record<string, TableSource> = {};
    const target = norm(resourceId);
    for (const ws of model.fixture.workspaces) {
      for (const [name, t] of Object.entries(workspaceTables(ws))) {
        const columns = columnsOfTable(t);
        const column = columns.find((c) => c.name === '_ResourceId' || c.name === 'ResourceId');
        const rows = column
          ? t.rows.filter((r) => {
              const v = coerce(r[column.name], column.type);
              return typeof v === 'string' && norm(v) === target;
            })
          : [];
        const existing = merged[name];
        merged[name] = existing
          ? {
              rows: existing.rows.concat(rows),
              schema: existing.schema.concat(
                columns.filter((c) => !existing.schema.some((e) => e.name === c.name)),
              ),
              transient: true,
            }
          : { rows, schema: columns, transient: true };
      }
    }
    return execute(req, merged, resourceId, fault);
  };

  const la = AUDIENCES.logAnalytics;
  return [
    // A workspace query is served as POST (a JSON body) and as GET (query and timespan in the URL).
    ...(['POST', 'GET'] as const).map((method): Route => ({
      method,
      pattern: /^(?:\/v1)?\/workspaces\/([^/]+)\/query$/i,
      api: 'logAnalytics',
      audience: la,
      target: (_r, m) => ({ workspace: m[1]! }),
      handle: byWorkspace,
    })),
    {
      method: 'POST',
      pattern: /^(?:\/v1)?(\/subscriptions\/.+)\/query$/i,
      api: 'logAnalytics',
      audience: la,
      target: (_r, m) => ({ scope: m[1]! }),
      handle: byResource,
    },
  ];
}
