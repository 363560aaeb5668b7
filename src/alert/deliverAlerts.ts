import { setTimeout as sleep } from 'node:timers/promises';

import type { AuditReport } from '../report/reportModel.js';
import type { AlertMessage } from './selectAlerts.js';
import type { AlertSink } from './sinks.js';

/** What happened to a run's alert at one sink. */
export interface DeliveryResult {
  sink: string;
  ok: boolean;
  attempts: number;
  error?: string;
}

/**
 * Sends the run's alert to every sink, retrying each up to `attempts` times with backoff. A sink
 * that stays down is reported, never thrown: the audit and its report do not depend on alerts.
 */
export async function deliverAlerts(
  sinks: readonly AlertSink[],
  message: AlertMessage,
  report: AuditReport,
  { attempts = 3, backoffMs = 300 }: { attempts?: number; backoffMs?: number } = {},
): Promise<DeliveryResult[]> {
  return Promise.all(
    sinks.map(async (sink) => {
      let last: unknown;
      for (let i = 1; i <= attempts; i++) {
        try {
          await sink.send(message, report);
          return { sink: sink.name, ok: true, attempts: i };
        } catch (e) {
          last = e;
          if (i < attempts) await sleep(backoffMs * 2 ** (i - 1));
        }
      }
      return { sink: sink.name, ok: false, attempts, error: (last as Error)?.message ?? String(last) };
    }),
  );
}
