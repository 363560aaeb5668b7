import { LEASE_RENEW_MS, type RunStore } from './types.js';

/** A renewal loop for the audit lease; `stop` ends it. `lost` turns true if another run took the lease. */
export interface LeaseKeeper {
  stop(): void;
  readonly lost: boolean;
}

/**
 * Renews the run's lease every {@link LEASE_RENEW_MS} while the audit runs, so that its short TTL
 * (minutes) never expires under a live run, while a killed run's lease frees itself. A renewal that
 * fails on storage is retried at the next tick (the TTL leaves several); the timer never keeps the
 * process alive.
 */
export function keepLease(
  runs: RunStore,
  runId: string,
  clock: () => Date,
  log: (message: string) => void = () => {},
  everyMs = LEASE_RENEW_MS,
): LeaseKeeper {
  let lost = false;
  const timer = setInterval(() => {
    runs.renewLock(runId, clock()).then(
      (ok) => {
        if (!ok && !lost) {
          lost = true;
          log(`audit ${runId} lost its lease: another run took it after it expired`);
        }
      },
      (e: unknown) => log(`audit ${runId} could not renew its lease: ${(e as Error).message}`),
    );
  }, everyMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    get lost() {
      return lost;
    },
  };
}
