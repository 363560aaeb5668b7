import type { FaultSpec } from './fixture/tenantFixture.js';

export type FaultApi = FaultSpec['api'];

/** What a matching fault does to one request. */
export interface FaultEffect {
  latencyMs: number;
  status?: number;
  retryAfterSeconds?: number;
  partialError?: string;
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
      if (f.status === undefined && f.partialError === undefined) return;
      if (effect.status !== undefined || effect.partialError !== undefined) return;
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
      } else effect.partialError = f.partialError;
    });
    return effect;
  }
}
