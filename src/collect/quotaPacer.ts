import { setTimeout as sleep } from 'node:timers/promises';

import type { PipelinePolicy } from '@azure/core-rest-pipeline';

import { budgetSpent, type RunBudget } from './boundedWaits.js';

/**
 * Parses Resource Graph's `x-ms-user-quota-resets-after` into milliseconds. Microsoft documents it as
 * `hh:mm:ss` ("Guidance for throttled requests in Azure Resource Graph",
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests);
 * a fraction of a second (.NET TimeSpan `hh:mm:ss.fffffff`) is read too.
 */
export function parseResetsAfter(value: string | undefined | null): number | undefined {
  const m = /^(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(value ?? '');
  if (!m) return undefined;
  return (
    (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 + (m[4] ? Number(`0.${m[4]}`) * 1000 : 0)
  );
}

/** Whether a `resets-after` value has no fraction of a second (`hh:mm:ss`, as Microsoft documents it). */
function inWholeSeconds(resetsAfter: string): boolean {
  return !/\.\d/.test(resetsAfter);
}

/** One request's place in the quota: taken before it is sent, given back when it is answered. */
export interface QuotaTicket {
  /** The window (by number) the request was counted in. */
  readonly window: number;
  readonly sentAt: number;
  settled: boolean;
}

export interface QuotaPacerOptions {
  /** The pacer's clock (milliseconds); tests pass a fake one. */
  now?: () => number;
  /** How to wait (ending early when `signal` aborts); tests pass one that advances the fake clock. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Requests per window until a response says otherwise (Microsoft's example: 15 per 5 s). */
  requests?: number;
  /**
   * The run's collection budget: a wait for the quota (or a backoff after a 429) never outlasts it,
   * it ends with {@link budgetSpent}'s `RunBudgetExceeded` error when the budget does.
   */
  budget?: RunBudget;
}

/** Microsoft's example window, for a spent pacer that got no `resets-after` at all. */
const DEFAULT_WINDOW_MS = 5000;

/** How often a spent pacer looks again while no answer has told it when its window ends. */
const POLL_MS = 5;

/**
 * An answer's window, as far as the pacer can tell: the service computed `resets-after` somewhere
 * between sending and answering, so its window ends between `low` (sent + resets-after) and `end`
 * (answered + resets-after).
 */
interface AnsweredWindow {
  low: number;
  end: number;
}

/**
 * Paces Resource Graph requests to the caller's quota exactly, so that none is throttled. The quota
 * is per caller, so every query chain of an audit shares one pacer and one budget.
 *
 * - A request takes its place in the window when it is sent, not when its answer arrives: requests in
 *   flight count, so concurrent chains cannot overshoot together.
 * - Windows are timed on the pacer's own clock: a window ends at the earliest (time an answer arrived
 *   + the `resets-after` it carried), which is never before the service's reset (the header was
 *   computed before the answer left), and is exact to the header's precision: to the millisecond when
 *   the service sends fractions, not the whole second plus a margin. Requests still in flight when a
 *   window ends are counted in the next one, where they may land.
 * - So are answered requests the service may have counted in a later window than the one that just
 *   ended (see {@link QuotaPacer.roll}): a request held up on its way, or a window whose every answer
 *   was slow, would otherwise be counted in neither.
 * - The service's `remaining` is authoritative when it is lower than the pacer's own count (another
 *   process of the same identity spent some), and raises the limit when the quota turns out larger.
 * - A `resets-after` in whole seconds is read as rounded up until the service refuses a request the
 *   pacer let go ({@link quotaRefusalPolicy} reports every 429), then as possibly rounded down.
 */
export class QuotaPacer {
  private readonly now: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly budget: RunBudget | undefined;
  private limit: number;
  /** Requests counted in the current window: sent in it, or in flight when it began. */
  private used = 0;
  private inFlight = 0;
  private window = 0;
  private windowEndsAt: number | undefined;
  private blockedUntil = 0;
  /** The windows of the answers counted in this window (sent in it, or carried into it). */
  private answered: AnsweredWindow[] = [];
  /** Where the answer that set {@link windowEndsAt} says its window ends at the earliest. */
  private windowLow = 0;
  /** The longest `resets-after` seen (less its rounding): the service's window is at least this long. */
  private longestResetMs = 0;
  /**
   * Added to the end a whole-second `resets-after` implies. Microsoft documents the header as
   * `hh:mm:ss` without saying how the service rounds it: it is read as rounded up (the end it
   * implies is then never early) until the service refuses a request ({@link refused}), then as
   * possibly rounded down, a second more.
   */
  private wholeSecondMarginMs = 0;
  /** Milliseconds spent waiting for the quota. */
  waitedMs = 0;
  /** Requests the service refused (429) though the pacer let them go. */
  refusals = 0;

  constructor(options: QuotaPacerOptions | (() => number) = {}) {
    const o = typeof options === 'function' ? { now: options } : options;
    this.now = o.now ?? (() => performance.now());
    this.wait = o.wait ?? ((ms, signal) => sleep(ms, undefined, signal ? { signal } : {}));
    this.limit = o.requests ?? 15;
    this.budget = o.budget;
  }

  /** Waits until the quota allows one more request, and counts it. */
  async beforeRequest(): Promise<QuotaTicket> {
    for (;;) {
      const now = this.now();
      this.roll(now);
      let until: number | undefined;
      if (now < this.blockedUntil) until = this.blockedUntil;
      else if (this.used < this.limit) {
        this.used++;
        this.inFlight++;
        return { window: this.window, sentAt: now, settled: false };
      } else {
        // Spent, and no answer said when the window ends: wait for one, or (none coming) a whole window.
        if (this.windowEndsAt === undefined && this.inFlight === 0)
          this.windowEndsAt = now + DEFAULT_WINDOW_MS;
        until = this.windowEndsAt ?? now + POLL_MS;
      }
      const ms = Math.max(1, until - now);
      this.waitedMs += ms;
      await this.pause(ms);
    }
  }

  /** One wait, cut short by the run budget: a sleep never runs past it. */
  private async pause(ms: number): Promise<void> {
    const budget = this.budget;
    if (budget?.signal.aborted) throw budgetSpent(budget, "waiting for Resource Graph's quota");
    try {
      await this.wait(ms, budget?.signal);
    } catch (e) {
      if (budget?.signal.aborted) throw budgetSpent(budget, "waiting for Resource Graph's quota");
      throw e;
    }
    if (budget?.signal.aborted) throw budgetSpent(budget, "waiting for Resource Graph's quota");
  }

  /**
   * Reads `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` from the answer to a
   * request, and gives its place back. Call once per ticket; {@link release} when there was no answer.
   */
  observe(
    remaining: string | undefined | null,
    resetsAfter: string | undefined | null,
    ticket?: QuotaTicket,
  ): void {
    const now = this.now();
    if (ticket) this.settle(ticket);
    const resetMs = parseResetsAfter(resetsAfter);
    // Every answer belongs to this window: its request was sent in it, or was in flight when it
    // began and so is counted in it. Only this window's own answers speak for its `remaining`.
    if (resetMs !== undefined) this.answer(now, resetMs, resetsAfter ?? '', ticket);
    if (ticket && ticket.window !== this.window) return;
    const left = remaining == null || remaining === '' ? NaN : Number(remaining);
    if (Number.isFinite(left)) {
      if (left + 1 > this.limit) this.limit = left + 1;
      this.used = Math.max(this.used, this.limit - left);
    }
  }

  /** Keeps where an answer's window ends (see {@link AnsweredWindow}). */
  private answer(now: number, resetMs: number, header: string, ticket: QuotaTicket | undefined): void {
    // A header in whole seconds may be rounded by nearly a second either way.
    const wholeSeconds = inWholeSeconds(header);
    const resolution = wholeSeconds ? 1000 : 0;
    const margin = wholeSeconds ? this.wholeSecondMarginMs : 0;
    this.longestResetMs = Math.max(this.longestResetMs, resetMs - resolution);
    this.keep({ end: now + resetMs + margin, low: (ticket?.sentAt ?? now) + resetMs - resolution });
  }

  /** Gives a ticket's place back when its request got no answer with quota headers. */
  release(ticket: QuotaTicket): void {
    this.settle(ticket);
  }

  /**
   * The service refused a request (429) that the pacer let go: the window ends later than the pacer
   * thought. Nothing more is sent before the end the refusal gives, and where its `resets-after` is
   * in whole seconds, such headers are read from now on as possibly rounded down.
   */
  refused(resetsAfter: string | undefined | null): void {
    this.refusals++;
    const ms = parseResetsAfter(resetsAfter);
    if (ms !== undefined && inWholeSeconds(resetsAfter ?? '')) this.wholeSecondMarginMs = 1000;
    this.backOff((ms ?? 0) + this.wholeSecondMarginMs);
  }

  /** After a refusal: nothing more in this window, and nothing at all before `ms` have passed. */
  backOff(ms: number): void {
    this.used = this.limit;
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }

  private settle(ticket: QuotaTicket): void {
    if (ticket.settled) return;
    ticket.settled = true;
    this.inFlight--;
  }

  /**
   * Starts the next window once the current one has ended. Requests in flight move into it, and so
   * do answered requests whose window may still be open. The window that ended is that of the answer
   * that set its end, which ends no earlier than that answer's `low`; the service's next window ends
   * at least a window's length later. So an answer whose `end` lies short of `low` plus the longest
   * `resets-after` seen is of the window that ended or an earlier one, and is forgotten. Any other
   * may be of a later window, still open: it is counted again. With round trips short beside the
   * window only requests that reached the service after its reset are (exactly the ones to count);
   * with round trips as long as the window, slow answers are counted too, costing a place each.
   */
  private roll(now: number): void {
    if (this.windowEndsAt === undefined || now < this.windowEndsAt) return;
    const laterFrom = this.windowLow + this.longestResetMs;
    const carried = this.answered.filter((a) => a.end > now && a.end >= laterFrom);
    this.window++;
    this.used = this.inFlight + carried.length;
    this.answered = [];
    this.windowEndsAt = undefined;
    for (const a of carried) this.keep(a);
  }

  /** Counts an answer's window in this one; this one ends where the earliest of them does. */
  private keep(window: AnsweredWindow): void {
    this.answered.push(window);
    if (this.windowEndsAt === undefined || window.end < this.windowEndsAt) {
      this.windowEndsAt = window.end;
      this.windowLow = window.low;
    }
  }
}

/**
 * Tells the pacer of every 429 Resource Graph answers, retries included: the SDK's retry policy
 * retries a 429 that carries `Retry-After` on its own, so the caller sees only the last answer.
 * Placed per retry, it sees each attempt's answer before the retry policy does.
 */
export function quotaRefusalPolicy(pacer: QuotaPacer): PipelinePolicy {
  return {
    name: 'miAuditorQuotaRefusal',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 429) pacer.refused(response.headers.get('x-ms-user-quota-resets-after'));
      return response;
    },
  };
}
