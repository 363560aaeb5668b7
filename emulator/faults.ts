import type { FaultSpec } from './fixture/tenantFixture.js';

export type FaultApi = FaultSpec['api'];

/**
 * How a fault spoils an answer that is otherwise a success: `truncated` cuts the JSON body in half
 * (a connection or proxy that dropped the rest, the length header matching what was sent);
 * `notJson` replaces it with an HTML page (a gateway's error page served with 200). Microsoft
 * documents neither for these APIs; they are what any HTTP path can deliver, kept minimal here.
 */
export type MalformedBody = 'truncated' | 'notJson';

/** The body a client receives when a fault spoils a successful answer. */
export function spoilBody(body: unknown, how: MalformedBody): string {
  if (how === 'notJson')
    return '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>';
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** What a matching fault does to one request. */
export interface FaultEffect {
  latencyMs: number;
  status?: number;
  retryAfterSeconds?: number;
  partialError?: string;
  /** The route's 200 answer, spoiled on the way: see {@link spoilBody}. */
  malformed?: MalformedBody;
  code?: string;
  message?: string;
}

/**
 * Applies the fixture's `faults` in order. A fault with `times` fires that many times, then stops;
 * one without fires on every matching request. `scope` matches the request's scope and everything
 * below it; `workspace` matches a workspace's customer id or resource id.
 */
export class FaultInjector {
  private readonly remaining: (number | undefined)[];

  constructor(private readonly faults: readonly FaultSpec[]) {
    this.remaining = faults.map((f) => f.times);
  }

  take(api: FaultApi, target: { scope?: string; workspace?: string } = {}): FaultEffect {
    const effect: FaultEffect = { latencyMs: 0 };
    this.faults.forEach((f, i) => {
      if (f.api !== api) return;
      if (
        f.scope &&
        !(target.scope ?? '').toLowerCase().startsWith(f.scope.toLowerCase().replace(/\/+$/, ''))
      )
        return;
      if (f.workspace && f.workspace.toLowerCase() !== (target.workspace ?? '').toLowerCase()) return;
      if (f.latencyMs) effect.latencyMs += f.latencyMs;
      if (f.status === undefined && f.partialError === undefined && f.malformed === undefined) return;
      if (effect.status !== undefined || effect.partialError !== undefined || effect.malformed) return;
      const left = this.remaining[i];
      if (left !== undefined) {
        if (left <= 0) return;
        this.remaining[i] = left - 1;
      }
      if (f.status !== undefined) {
        effect.status = f.status;
        if (f.retryAfterSeconds !== undefined) effect.retryAfterSeconds = f.retryAfterSeconds;
        if (f.code !== undefined) effect.code = f.code;
        if (f.message !== undefined) effect.message = f.message;
      } else if (f.malformed !== undefined) effect.malformed = f.malformed;
      else effect.partialError = f.partialError;
    });
    return effect;
  }
}
