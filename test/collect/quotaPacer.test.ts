import { describe, expect, it } from 'vitest';

import { parseResetsAfter, QuotaPacer, type QuotaTicket } from '../../src/collect/quotaPacer.js';

/** A discrete-event clock: `wait` resolves when the simulation reaches its time, not in real time. */
class FakeClock {
  t = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  now = () => this.t;
  wait = (ms: number) =>
    new Promise<void>((resolve) => this.timers.push({ at: this.t + ms, seq: this.seq++, resolve }));
  /** Runs until `work` settles, jumping from one timer to the next. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    void work.finally(() => (done = true));
    for (;;) {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      if (done) return work;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) throw new Error('deadlock: nothing scheduled and the work is not done');
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

/**
 * Resource Graph's quota as Microsoft describes it (learn.microsoft.com/azure/governance/resource-graph/
 * concepts/guidance-for-throttled-requests): `requests` per `windowMs` per caller, counted on arrival;
 * every answer carries x-ms-user-quota-remaining and x-ms-user-quota-resets-after. Microsoft does not
 * say where a window starts: here it starts at the first request after the last one ended, or with
 * `grid` on a fixed grid of windows.
 */
type HeaderFormat = 'fraction' | 'ceilSeconds' | 'floorSeconds';

function fakeResourceGraph(requests: number, windowMs: number, format: HeaderFormat, grid = false) {
  let window: { start: number; used: number } | undefined;
  const throttledAt: number[] = [];
  const hhmmss = (ms: number) => {
    const s =
      format === 'fraction' ? ms / 1000 : (format === 'ceilSeconds' ? Math.ceil : Math.floor)(ms / 1000);
    const whole = Math.floor(s);
    const frac = format === 'fraction' ? `.${String(Math.round((s - whole) * 1e7)).padStart(7, '0')}` : '';
    return `00:00:${String(whole).padStart(2, '0')}${frac}`;
  };
  return {
    throttled: () => throttledAt.length,
    throttledAt: () => throttledAt,
    arrive(t: number) {
      if (!window || t >= window.start + windowMs) window = { start: grid ? t - (t % windowMs) : t, used: 0 };
      const resetsAfter = hhmmss(window.start + windowMs - t);
      if (window.used >= requests) {
        throttledAt.push(t);
        return { status: 429, remaining: '0', resetsAfter };
      }
      window.used++;
      return { status: 200, remaining: String(requests - window.used), resetsAfter };
    },
  };
}

/** Chains of paged queries sharing one pacer, each request with its own latency each way. */
async function sweep(options: {
  chains: number;
  pages: number;
  format: HeaderFormat;
  latency: (i: number) => number;
  grid?: boolean;
}) {
  const clock = new FakeClock();
  const server = fakeResourceGraph(15, 5000, options.format, options.grid);
  const pacer = new QuotaPacer({ now: clock.now, wait: clock.wait });
  let n = 0;
  const chain = async () => {
    for (let page = 0; page < options.pages;) {
      const ticket = await pacer.beforeRequest();
      await clock.wait(options.latency(n++));
      const answer = server.arrive(clock.now());
      await clock.wait(options.latency(n++));
      pacer.observe(answer.remaining, answer.resetsAfter, ticket);
      if (answer.status === 429) pacer.refused(answer.resetsAfter);
      else page++;
    }
  };
  await clock.run(Promise.all(Array.from({ length: options.chains }, chain)));
  return { seconds: clock.now() / 1000, throttled: server.throttled(), throttledAt: server.throttledAt() };
}

/** Latencies between 20 and 320 ms, deterministic. */
const jitter = (i: number) => 20 + ((i * 7919) % 300);

/**
 * Fourteen requests sent at 0, counted by the service at 50 (its window is [50, 5050)) and answered at
 * `earlyAnsweredAt` (100 unless given), so the pacer believes its window ends 5,000 ms after that (5100);
 * then a fifteenth asked for at `sentAt`, counted
 * by the service at `arrivesAt` and answered at `answeredAt`; then fifteen more asked at once, each
 * counted by the service the moment the pacer lets it go and answered 50 ms later.
 */
async function lateFifteenth(times: {
  earlyAnsweredAt?: number;
  sentAt: number;
  arrivesAt: number;
  answeredAt: number;
}) {
  const clock = new FakeClock();
  const server = fakeResourceGraph(15, 5000, 'fraction');
  const pacer = new QuotaPacer({ now: clock.now, wait: clock.wait });
  const early = await clock.run(Promise.all(Array.from({ length: 14 }, () => pacer.beforeRequest())));
  clock.t = 50;
  const answers = early.map(() => server.arrive(clock.now()));
  clock.t = times.earlyAnsweredAt ?? 100;
  for (const [i, t] of early.entries()) pacer.observe(answers[i]!.remaining, answers[i]!.resetsAfter, t);
  clock.t = times.sentAt;
  const late = await clock.run(pacer.beforeRequest());
  clock.t = times.arrivesAt;
  const lateAnswer = server.arrive(clock.now());
  clock.t = times.answeredAt;
  pacer.observe(lateAnswer.remaining, lateAnswer.resetsAfter, late);
  const one = async () => {
    const ticket = await pacer.beforeRequest();
    const answer = server.arrive(clock.now());
    await clock.wait(50);
    pacer.observe(answer.remaining, answer.resetsAfter, ticket);
    return ticket;
  };
  const next = await clock.run(Promise.all(Array.from({ length: 15 }, one)));
  return { server, late, next };
}

describe('QuotaPacer', () => {
  it('counts requests in flight: of 20 asked at once with no answer yet, 15 go', async () => {
    const clock = new FakeClock();
    const pacer = new QuotaPacer({ now: clock.now, wait: clock.wait });
    const granted: QuotaTicket[] = [];
    for (let i = 0; i < 20; i++) void pacer.beforeRequest().then((t) => granted.push(t));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(granted).toHaveLength(15);
  });

  it('ends the window at the answer time plus a fractional resets-after, on its own clock', async () => {
    const clock = new FakeClock();
    const pacer = new QuotaPacer({ now: clock.now, wait: clock.wait });
    const tickets = await clock.run(Promise.all(Array.from({ length: 15 }, () => pacer.beforeRequest())));
    clock.t = 100;
    for (const [i, t] of tickets.entries()) pacer.observe(String(14 - i), '00:00:04.9000000', t);
    const sixteenth = await clock.run(pacer.beforeRequest());
    expect(sixteenth.sentAt).toBe(5000);
  });

  it('three chains sharing one budget at the real quota: no throttle, within one round trip a window of the floor', async () => {
    // 120 pages: 8 batches of 15, so the floor is 7 windows of 5 s.
    const run = await sweep({ chains: 3, pages: 40, format: 'fraction', latency: jitter });
    expect(run.throttled).toBe(0);
    expect(run.seconds).toBeGreaterThanOrEqual(35);
    expect(run.seconds).toBeLessThanOrEqual(35 + 8 * 0.64);
  });

  it('never throttles when the service keeps its windows on a fixed grid', async () => {
    const run = await sweep({ chains: 3, pages: 40, format: 'fraction', latency: jitter, grid: true });
    expect(run.throttled).toBe(0);
    expect(run.seconds).toBeLessThanOrEqual(35 + 8 * 0.64);
  });

  it('never throttles with whole-second headers either (rounded up by the service)', async () => {
    const run = await sweep({ chains: 4, pages: 30, format: 'ceilSeconds', latency: jitter });
    expect(run.throttled).toBe(0);
  });

  it('with whole-second headers rounded down, is refused in one window only, then allows a second more', async () => {
    // Microsoft documents the header as hh:mm:ss without saying how the service rounds it. Rounded
    // down, a window ends up to a second after the time the header implies: read as rounded up, the
    // pacer was refused 72 times in 120 pages. Now the requests it sent together when its first
    // window ended are refused (one per chain at most), and none after.
    const run = await sweep({ chains: 4, pages: 30, format: 'floorSeconds', latency: jitter });
    expect(run.throttled).toBeGreaterThan(0);
    expect(run.throttled).toBeLessThanOrEqual(4);
    expect(Math.max(...run.throttledAt) - Math.min(...run.throttledAt)).toBeLessThan(1000);
    // The floor is 7 windows of 5 s; each now lasts up to a second more.
    expect(run.seconds).toBeLessThanOrEqual(42);
  });

  it('counts a request the service placed in its next window, though the pacer sent it in the last one', async () => {
    // The service's window is [50, 5050) (it starts at the first arrival); the pacer learns its end
    // from answers that left 50 ms after the service computed resets-after, so it believes 5100. A
    // request sent at 5060 lands in the service's next window, [5065, 10065); its answer (at 5070)
    // says so. Without counting it there, the pacer would let 15 more go at 5100 and the service
    // would throttle the sixteenth.
    const { server, next } = await lateFifteenth({ sentAt: 5060, arrivesAt: 5065, answeredAt: 5070 });
    expect(server.throttled()).toBe(0);
    expect(next.filter((t) => t.sentAt < 10_065)).toHaveLength(14);
  });

  it('counts in the next window a request answered from it before this window ends here', async () => {
    // The pacer believes 5100 as above. The fifteenth request, sent at 4999, is held up on its way
    // and arrives at 5059, opening the service's next window; its answer takes 1 ms, so it is no
    // longer in flight when the pacer's window ends at 5100. Counted in neither window, the pacer
    // would send fifteen more at 5100 and the service would throttle the last.
    const { server, late, next } = await lateFifteenth({ sentAt: 4999, arrivesAt: 5059, answeredAt: 5060 });
    expect(late.sentAt).toBe(4999);
    expect(server.throttled()).toBe(0);
    // Fourteen go when the pacer's window ends; the fifteenth waits for the service's next reset.
    expect(next.filter((t) => t.sentAt === 5100)).toHaveLength(14);
    expect(next.filter((t) => t.sentAt >= 10_059)).toHaveLength(1);
  });

  it('counts in the next window a request answered from it before a window of slow answers ends here', async () => {
    // Every answer of the first window is slow: counted at 50, answered at 3050, so the pacer learns
    // its window ends at 8050. The fifteenth, sent at 4990, reaches the service at 5060, in its next
    // window [5060, 10060), and is answered quickly, long before 8050. Its answer implies 10100: less
    // than a slow round trip past 8050, as an answer of the first window could, yet it was sent so
    // late that its window cannot end before 9990, a window's length (5000) after the first window
    // can have ended (4990). Forgotten at 8050, the pacer would send fifteen more into the service's
    // window that already holds it, and the last would be throttled.
    const { server, next } = await lateFifteenth({
      earlyAnsweredAt: 3050,
      sentAt: 4990,
      arrivesAt: 5060,
      answeredAt: 5100,
    });
    expect(server.throttled()).toBe(0);
    expect(next.filter((t) => t.sentAt === 8050)).toHaveLength(14);
  });

  it('paces answers that take as long as most of a window without a throttle or idle windows', async () => {
    // Requests reach the service in 5-65 ms; one answer in three then takes 3 s to come back (the
    // service counted it at once, then worked on it), the others 10-100 ms. 120 pages: the floor is
    // 7 windows of 5 s. The pacer that held back in the last round trip of each window took 80.9 s.
    const run = await sweep({
      chains: 3,
      pages: 40,
      format: 'fraction',
      latency: (i) =>
        i % 2 === 0 ? 5 + ((i * 31) % 60) : Math.floor(i / 2) % 3 === 0 ? 3000 : 10 + ((i * 17) % 90),
    });
    expect(run.throttled).toBe(0);
    expect(run.seconds).toBeLessThanOrEqual(50);
  });

  it('takes the service at its word when it reports less quota than the pacer counted', async () => {
    const clock = new FakeClock();
    const pacer = new QuotaPacer({ now: clock.now, wait: clock.wait });
    const first = await clock.run(pacer.beforeRequest());
    // Another process of the same identity spent 13: one request is left in this window.
    pacer.observe('1', '00:00:04.0000000', first);
    const granted: QuotaTicket[] = [];
    for (let i = 0; i < 3; i++) void pacer.beforeRequest().then((t) => granted.push(t));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(granted).toHaveLength(1);
  });
});

describe('parseResetsAfter', () => {
  it('reads hh:mm:ss with or without a fraction', () => {
    expect(parseResetsAfter('00:00:05')).toBe(5000);
    expect(parseResetsAfter('00:00:00.4870000')).toBeCloseTo(487);
    expect(parseResetsAfter('01:02:03.5')).toBe(3_723_500);
    expect(parseResetsAfter('soon')).toBeUndefined();
  });
});
