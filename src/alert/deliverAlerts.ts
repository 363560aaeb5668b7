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
 * Sends each sink its own message (what that sink has not yet taken), retrying each up to
 * `attempts` times with backoff. A sink that stays down is reported, never thrown: the audit and its
 * report do not depend on alerts. Results carry the ids each sink took, for the per-sink history.
 */
export async function deliverAlerts(
  deliveries: readonly { sink: AlertSink; message: AlertMessage }[],
  report: AuditReport,
  { attempts = 3, backoffMs = 300 }: { attempts?: number; backoffMs?: number } = {},
): Promise<(DeliveryResult & { findingIds: string[] })[]> {
  return Promise.all(
    deliveries.map(async ({ sink, message }) => {
      const findingIds = message.findings.map((f) => f.id);
      let last: unknown;
      for (let i = 1; i <= attempts; i++) {
        try {
          await sink.send(message, report);
          return { sink: sink.name, ok: true, attempts: i, findingIds };
        } catch (e) {
          last = e;
          if (i < attempts) await sleep(backoffMs * 2 ** (i - 1));
        }
      }
      return {
        sink: sink.name,
        ok: false,
        attempts,
        error: (last as Error)?.message ?? String(last),
        findingIds,
      };
    }),
  );
}
