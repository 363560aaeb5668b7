import { describe, expect, it } from 'vitest';

import { FaultInjector, spoilBody } from '../../emulator/faults.js';

describe('FaultInjector', () => {
  it('fires a fault `times` times, then lets requests through', () => {
    const f = new FaultInjector([{ api: 'authorization', status: 500, times: 2 }]);
    expect([1, 2, 3].map(() => f.take('authorization').status)).toEqual([500, 500, undefined]);
  });

  it('targets a scope and everything below it, and a workspace', () => {
    const f = new FaultInjector([
      { api: 'authorization', scope: '/subscriptions/A', status: 403 },
      { api: 'logAnalytics', workspace: 'ws-1', partialError: 'too much' },
    ]);
    expect(f.take('authorization', { scope: '/subscriptions/a/resourceGroups/rg' }).status).toBe(403);
    expect(f.take('authorization', { scope: '/subscriptions/b' }).status).toBeUndefined();
    expect(f.take('logAnalytics', { workspace: 'WS-1' }).partialError).toBe('too much');
    expect(f.take('logAnalytics', { workspace: 'ws-2' }).partialError).toBeUndefined();
  });

  it('adds latency and Retry-After', () => {
    const f = new FaultInjector([
      { api: 'resourceGraph', latencyMs: 200 },
      { api: 'resourceGraph', status: 429, retryAfterSeconds: 1, times: 1 },
    ]);
    expect(f.take('resourceGraph')).toEqual({ latencyMs: 200, status: 429, retryAfterSeconds: 1 });
    expect(f.take('resourceGraph')).toEqual({ latencyMs: 200 });
  });
});

describe('malformed bodies', () => {
  it('spoils a success `times` times: cut in half, or an HTML page, neither parsing as JSON', () => {
    const f = new FaultInjector([{ api: 'graph', malformed: 'truncated', times: 1 }]);
    expect(f.take('graph').malformed).toBe('truncated');
    expect(f.take('graph').malformed).toBeUndefined();
    const body = { value: [{ id: 'a' }, { id: 'b' }] };
    const cut = spoilBody(body, 'truncated');
    expect(JSON.stringify(body).startsWith(cut)).toBe(true);
    expect(() => JSON.parse(cut)).toThrow();
    expect(() => JSON.parse(spoilBody(body, 'notJson'))).toThrow();
  });
});

describe('test safety', () => {
  it('never lets a credential fall through to the real IMDS address', () => {
    expect(process.env['AZURE_POD_IDENTITY_AUTHORITY_HOST']).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});
