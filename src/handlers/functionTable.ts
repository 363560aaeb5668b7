import type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { RUN_QUEUE } from '../store/azureStores.js';
import { API_ROLES, requireAppRole, type ApiRole } from './apiAuthorization.js';
import { auditDashboard } from './auditDashboard.js';
import { auditHealth } from './auditHealth.js';
import { auditReport } from './auditReport.js';
import { auditRun } from './auditRun.js';
import { auditRunStatus } from './auditRunStatus.js';
import { auditRunWorker } from './auditRunWorker.js';

/** An HTTP function: its trigger and its handler. */
export interface HttpFunction {
  methods: HttpMethod[];
  /** The route under `/api/`; `{name}` segments become `request.params`. */
  route: string;
  authLevel: 'function';
  /** The app role a caller needs when `API_AUTH=entra` (the handler below already checks it). */
  role: ApiRole;
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
}

/**
 * The HTTP functions of the app, the one place that names their routes (under `/api/`): `functions/`
 * registers each in one line, the local host of `npm run demo -- --serve` serves them from here, and
 * the README's HTTP API table lists them. Every route needs a function key in Azure and, with
 * `API_AUTH=entra`, the app role of its row (src/handlers/apiAuthorization.ts).
 */
export const HTTP_FUNCTIONS: Readonly<
  Record<'auditRun' | 'auditRunStatus' | 'auditReport' | 'auditDashboard' | 'auditHealth', HttpFunction>
> = {
  auditRun: http('POST', 'audit/runs', API_ROLES.run, auditRun),
  auditRunStatus: http('GET', 'audit/runs/{id}', API_ROLES.read, auditRunStatus),
  auditReport: http('GET', 'audit/report', API_ROLES.read, auditReport),
  auditDashboard: http('GET', 'audit/dashboard', API_ROLES.read, auditDashboard),
  auditHealth: http('GET', 'audit/health', API_ROLES.read, auditHealth),
};

/** One row of the table: the handler runs only for callers the role admits. */
function http(
  method: HttpMethod,
  route: string,
  role: ApiRole,
  handler: HttpFunction['handler'],
): HttpFunction {
  return { methods: [method], route, authLevel: 'function', role, handler: requireAppRole(role, handler) };
}

/** The queue-triggered worker that runs on-demand audits: the queue is the one the run store feeds. */
export const QUEUE_FUNCTIONS = {
  auditRunWorker: { queueName: RUN_QUEUE, connection: 'AzureWebJobsStorage', handler: auditRunWorker },
} as const;
