import { setTimeout as sleep } from 'node:timers/promises';

import type { PipelinePolicy } from '@azure/core-rest-pipeline';

import { subscriptionOf } from '../azure/scopes.js';

/**
 * Azure Resource Manager limits reads per principal with a token bucket of 250 tokens refilled at 25
 * a second, one per subscription and one for the tenant ("Understand how Azure Resource Manager
 * throttles requests", section "Regional throttling and token bucket algorithm": Subscription reads
 * 250 / 25, Tenant reads 250 / 25,
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
 */
export const ARM_READ_BUCKET = 250;
export const ARM_READ_REFILL_PER_SECOND = 25;

/** The header in which ARM says how many subscription reads remain (the same article, "Remaining requests"). */
export const REMAINING_READS_HEADER = 'x-ms-ratelimit-remaining-subscription-reads';

/** The header in which ARM says how many tenant reads remain (the same table). */
export const REMAINING_TENANT_READS_HEADER = 'x-ms-ratelimit-remaining-tenant-reads';

/**
 * The bucket of the reads that name no subscription: "Tenant requests don't include your
 * subscription ID" (the same article, "Subscription and tenant limits"), such as a management
 * group's role assignments. Not a subscription id, so it never meets one.
 */
export const TENANT_READS = 'tenant';

export interface ArmReadPacerOptions {
  /** The pacer's clock (milliseconds); tests pass a fake one. */
  now?: () => number;
  /** How to wait (ending early when `signal` aborts); tests pass one that advances the fake clock. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  bucket?: number;
  refillPerSecond?: number;
}

interface Bucket {
  tokens: number;
  at: number;
  inFlight: number;
  /** Reads sent so far: the last one's sequence number. */
  sent: number;
  /** Reads waiting for a token, first come first served. */
  waiting: Waiter[];
  /** Ends the wait of the bucket's timer (the queue emptied by aborts), while it waits. */
  pump?: AbortController;
}

interface Waiter {
  grant: (ticket: ReadTicket) => void;
}

/** A read's place among its bucket's reads, taken by {@link ArmReadPacer.take}, given back to `settle`. */
export interface ReadTicket {
  /** Its sequence number in the bucket (1 for the first read). */
  seq: number;
  /** Reads in flight when it was sent: ARM may count any of them after it. */
  inFlightAtSend: number;
}

/**
 * Paces ARM reads to each subscription's read bucket and the tenant's, so that many reads can be in
 * flight at once (the per-resource reads of a large tenant: diagnostic settings, publishing
 * credentials, role lists; a role list per management group, hundreds to thousands in a large
 * hierarchy) without one large subscription, or the tenant, being throttled. Per bucket (a
 * subscription id, or {@link TENANT_READS}), it keeps its own count of the tokens left: a read
 * takes one when it is sent, and time refills them at ARM's rate (up to the bucket's size less the
 * reads in flight). Every answer's `x-ms-ratelimit-remaining-subscription-reads` (`-tenant-reads`
 * for the tenant) says how many ARM had left once it counted that read, and corrects the count both
 * ways:
 * - down to that figure less the reads still in flight (which ARM may not have counted yet), so
 *   reads by other processes of the same identity are counted too;
 * - up to that figure less every read ARM may have counted after it (those in flight when it was
 *   sent, and all sent since): a count ARM's own answer proves, when ARM refills faster than the
 *   pacer assumed (the emulator of a benchmark whose quota runs K times faster).
 * A 429 empties the bucket; the SDK's retry policy waits for its Retry-After. Reads that find no
 * token wait in a queue, served in order by one timer per bucket as tokens come: each waiting read
 * polling on its own (32 in flight) woke them all for every token, and a bucket paced for minutes
 * (a thousand management groups' lists on the tenant's 25 a second) cost seconds of CPU.
 */
export class ArmReadPacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly bucketSize: number;
  private readonly refillPerMs: number;
  /** Milliseconds reads spent waiting for tokens, over all subscriptions. */
  waitedMs = 0;

  constructor(o: ArmReadPacerOptions = {}) {
    this.now = o.now ?? (() => performance.now());
    this.wait = o.wait ?? ((ms, signal) => sleep(ms, undefined, signal ? { signal } : {}));
    this.bucketSize = o.bucket ?? ARM_READ_BUCKET;
    this.refillPerMs = (o.refillPerSecond ?? ARM_READ_REFILL_PER_SECOND) / 1000;
  }

  /** The bucket of a scope (a subscription id, or {@link TENANT_READS}), refilled to now. */
  private bucket(scope: string): Bucket {
    const key = scope.toLowerCase();
    let b = this.buckets.get(key);
    if (!b)
      this.buckets.set(
        key,
        (b = { tokens: this.bucketSize, at: this.now(), inFlight: 0, sent: 0, waiting: [] }),
      );
    this.refill(b);
    return b;
  }

  /** Adds the tokens time has refilled since the bucket was last looked at. */
  private refill(b: Bucket): void {
    const now = this.now();
    // ARM takes a read's token when the read arrives, from a bucket that never holds more than its
    // size: reads still on their way will take theirs from at most that, so the room left for new
    // reads is the size less the reads in flight, however long they have been travelling.
    const room = this.bucketSize - b.inFlight;
    if (b.tokens < room) b.tokens = Math.min(room, b.tokens + (now - b.at) * this.refillPerMs);
    b.at = now;
  }

  /** Waits until the bucket (a subscription id, or {@link TENANT_READS}) has a read token, and takes it. */
  take(scope: string, signal?: AbortSignal): Promise<ReadTicket> {
    signal?.throwIfAborted();
    const b = this.bucket(scope);
    if (b.waiting.length === 0 && b.tokens >= 1) return Promise.resolve(this.spend(b));
    return new Promise<ReadTicket>((resolve, reject) => {
      const onAbort = () => {
        const i = b.waiting.indexOf(waiter);
        if (i >= 0) b.waiting.splice(i, 1);
        if (b.waiting.length === 0) b.pump?.abort();
        reject(signal!.reason as Error);
      };
      const waiter: Waiter = {
        grant: (ticket) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(ticket);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      b.waiting.push(waiter);
      void this.serve(b);
    });
  }

  /** Takes a token for a read being sent: its ticket. */
  private spend(b: Bucket): ReadTicket {
    b.tokens -= 1;
    const ticket = { seq: ++b.sent, inFlightAtSend: b.inFlight };
    b.inFlight++;
    return ticket;
  }

  /** Gives the tokens there are to the reads waiting, in order. */
  private grantWaiting(b: Bucket): void {
    this.refill(b);
    while (b.waiting.length > 0 && b.tokens >= 1) b.waiting.shift()!.grant(this.spend(b));
  }

  /** The bucket's one timer: while reads wait, sleeps until the next token and gives it out. */
  private async serve(b: Bucket): Promise<void> {
    if (b.pump) return;
    try {
      for (;;) {
        this.grantWaiting(b);
        if (b.waiting.length === 0) return;
        // A new timer each turn: the last one's may have been ended by aborts that emptied the
        // queue just before new reads joined it.
        b.pump = new AbortController();
        const ms = Math.ceil((1 - b.tokens) / this.refillPerMs);
        this.waitedMs += ms;
        await this.wait(ms, b.pump.signal).catch(() => undefined);
      }
    } finally {
      b.pump = undefined;
    }
  }

  /**
   * A read taken by {@link take} was answered (or failed without an answer: `status` undefined).
   * `remaining` is the answer's {@link REMAINING_READS_HEADER} (for the tenant,
   * {@link REMAINING_TENANT_READS_HEADER}), when it has one.
   */
  settle(scope: string, ticket: ReadTicket, status: number | undefined, remaining: string | undefined): void {
    const b = this.bucket(scope);
    b.inFlight = Math.max(0, b.inFlight - 1);
    if (status === 429) {
      b.tokens = Math.min(b.tokens, 0);
      return;
    }
    const left = remaining === undefined || remaining.trim() === '' ? NaN : Number(remaining);
    if (!Number.isFinite(left)) return;
    const proven = left - ticket.inFlightAtSend - (b.sent - ticket.seq);
    b.tokens = Math.min(
      this.bucketSize - b.inFlight,
      Math.max(Math.min(b.tokens, left - b.inFlight), proven),
    );
    // A count the answer raised serves the reads waiting now, not at the timer's next turn.
    this.grantWaiting(b);
  }
}

/**
 * The subscription an ARM request URL is scoped to (`/subscriptions/{id}/...`). Repeated slashes
 * count as one: the SDK's `/{scope}/providers/...` paths, given a scope that starts with a slash,
 * send `//subscriptions/{id}/...`, which ARM serves as the subscription's.
 */
export function subscriptionOfUrl(url: string): string | undefined {
  return subscriptionOf(
    url
      .replace(/^https?:\/\/[^/]+/i, '')
      .replace(/[?#].*$/, '')
      .replace(/\/{2,}/g, '/'),
  );
}

/**
 * Per retry (so that each attempt takes a token): an ARM GET waits for a read token of the
 * subscription it names, or of the tenant when it names none (a management group's role list).
 * Attached to the ARM clients only: Resource Graph has its own quota and pacer, and Microsoft Graph
 * and Log Analytics are not ARM.
 */
export function armReadPacingPolicy(pacer: ArmReadPacer): PipelinePolicy {
  return {
    name: 'miAuditorArmReadPacing',
    async sendRequest(request, next) {
      if (request.method !== 'GET') return next(request);
      const scope = subscriptionOfUrl(request.url) ?? TENANT_READS;
      // The run budget's signal (boundedWaits.ts) ends a wait for tokens as it ends the request.
      const signal = request.abortSignal instanceof AbortSignal ? request.abortSignal : undefined;
      const ticket = await pacer.take(scope, signal);
      let status: number | undefined;
      let remaining: string | undefined;
      try {
        const response = await next(request);
        status = response.status;
        remaining = response.headers.get(
          scope === TENANT_READS ? REMAINING_TENANT_READS_HEADER : REMAINING_READS_HEADER,
        );
        return response;
      } finally {
        pacer.settle(scope, ticket, status, remaining);
      }
    },
  };
}
