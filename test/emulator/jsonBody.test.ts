import { describe, expect, it } from 'vitest';

import { jsonBody } from '../../emulator/jsonBody.js';

const bytes = (value: unknown) => Buffer.concat(jsonBody(value)).toString('utf8');

describe('an emulator response body written in pieces', () => {
  it('is byte for byte JSON.stringify of the body, whatever its shape', () => {
    const rows = Array.from({ length: 1_001 }, (_, i) =>
      i % 3
        ? { id: `/subscriptions/s/r-${i}`, n: i, name: 'Zoë’s “vault”', none: undefined }
        : [i, null, 'x'],
    );
    const bodies: unknown[] = [
      { count: rows.length, data: rows, totalRecords: 5_000, $skipToken: 'abc' },
      { tables: [{ name: 'PrimaryResult', columns: [{ name: 'a', type: 'string' }], rows }] },
      { value: [], nextLink: undefined, fn: () => 1 },
      [undefined, () => 1, Symbol('s'), new Date(0), { toJSON: () => 'custom' }, NaN, -0, 'é'],
      Array.from({ length: 40 }, (_, i) => (i % 2 ? undefined : { i })),
      {},
      [],
      'text',
      42,
      null,
    ];
    for (const body of bodies) expect(bytes(body)).toBe(JSON.stringify(body));
  });

  it('never makes one Buffer of a large body: each stays under malloc’s threshold for fresh pages', () => {
    const data = Array.from({ length: 5_000 }, (_, i) => ({
      id: `/subscriptions/s/resourceGroups/rg/r-${i}`,
    }));
    const buffers = jsonBody({ data });
    expect(buffers.length).toBeGreaterThan(1);
    for (const b of buffers) expect(b.length).toBeLessThan(128 * 1024);
  });
});
