import { setTimeout as sleep } from 'node:timers/promises';

/** Parses Resource Graph's `x-ms-user-quota-resets-after` (`hh:mm:ss`) into milliseconds. */
export function parseResetsAfter(value: string | undefined | null): number | undefined {
  const m = /^(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(value ?? '');
  if (!m) return undefined;
  return (
    (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 + (m[4] ? Number(`0.${m[4]}`) * 1000 : 0)
  );
}

/**
 * Paces Resource Graph requests by the quota headers of the last response: when the caller's
 * remaining quota is spent, the next request waits for the window to reset instead of being
 * throttled. Requests share one pacer, because the quota is per caller, not per query.
 */
export class QuotaPacer {
  private blockedUntil = 0;
  /** Milliseconds spent waiting for the quota. */
  waitedMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async beforeRequest(): Promise<void> {
    const wait = this.blockedUntil - this.now();
    if (wait > 0) {
      this.waitedMs += wait;
      await sleep(wait);
    }
  }

  /** Reads `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` from a response. */
  observe(remaining: string | undefined | null, resetsAfter: string | undefined | null): void {
    const left = remaining == null ? undefined : Number(remaining);
    const resetMs = parseResetsAfter(resetsAfter);
    if (left !== undefined && left <= 0 && resetMs !== undefined) {
      this.blockedUntil = Math.max(this.blockedUntil, this.now() + resetMs + 50);
    }
  }

  /** After a 429: wait at least this long before the next request. */
  backOff(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }
}
