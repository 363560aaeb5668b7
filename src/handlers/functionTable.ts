import type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { RUN_QUEUE } from '../store/azureStores.js';
import { auditDashboard } from './auditDashboard.js';
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
  handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;
}

/**
 * The HTTP functions of the app, the one place that names their routes (under `/api/`): `functions/`
 * registers each in one line, the local host of `npm run demo -- --serve` serves them from here, and
 * the README's HTTP API table lists them. Every route needs a function key in Azure.
 */
export const HTTP_FUNCTIONS: Readonly<
  Record<'auditRun' | 'auditRunStatus' | 'auditReport' | 'auditDashboard', HttpFunction>
> = {
  auditRun: { methods: ['POST'], route: 'audit/runs', authLevel: 'function', handler: auditRun },
  auditRunStatus: {
    methods: ['GET'],
    route: 'audit/runs/{id}',
    authLevel: 'function',
    handler: auditRunStatus,
  },
  auditReport: { methods: ['GET'], route: 'audit/report', authLevel: 'function', handler: auditReport },
  auditDashboard: {
    methods: ['GET'],
    route: 'audit/dashboard',
    authLevel: 'function',
    handler: auditDashboard,
  },
};

/** The queue-triggered worker that runs on-demand audits: the queue is the one the run store feeds. */
export const QUEUE_FUNCTIONS = {
  auditRunWorker: { queueName: RUN_QUEUE, connection: 'AzureWebJobsStorage', handler: auditRunWorker },
} as const;
