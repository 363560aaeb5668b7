import { describe, expect, it } from 'vitest';

import { describePart, partsByVolume, splitPart } from '../../src/collect/keyVaultLogParts.js';

const window = { start: new Date('2026-11-13T00:00:00Z'), end: new Date('2026-11-20T00:00:00Z') };

describe('partsByVolume', () => {
  it('asks once when the whole table fits the budget', () => {
    expect(
      partsByVolume(
        [
          { vaultId: '/b', rows: 10 },
          { vaultId: '/a', rows: 5 },
        ],
        15,
      ),
    ).toEqual([{}]);
  });

  it('packs vaults, sorted by id, into contiguous runs under the budget; a vault over it stands alone', () => {
    const parts = partsByVolume(
      [
        { vaultId: '/c', rows: 4 },
        { vaultId: '/a', rows: 6 },
        { vaultId: '/b', rows: 3 },
        { vaultId: '/d', rows: 30 },
        { vaultId: '/e', rows: 1 },
      ],
      10,
    );
    expect(parts).toEqual([
      { vaults: ['/a', '/b'] },
      { vaults: ['/c'] },
      { vaults: ['/d'] },
      { vaults: ['/e'] },
    ]);
  });
});

describe('splitPart', () => {
  it('halves by vaults while there are several', () => {
    expect(splitPart({}, ['/c', '/a', '/b'], window)).toEqual([{ vaults: ['/a', '/b'] }, { vaults: ['/c'] }]);
  });

  it('halves one vault by time, on the absolute window', () => {
    expect(splitPart({ vaults: ['/a'] }, ['/a', '/b'], window)).toEqual([
      { vaults: ['/a'], window: { start: window.start, end: new Date('2026-11-16T12:00:00Z') } },
      { vaults: ['/a'], window: { start: new Date('2026-11-16T12:00:00Z'), end: window.end } },
    ]);
  });

  it('stops below two minutes', () => {
    const short = { start: window.start, end: new Date(window.start.getTime() + 90_000) };
    expect(splitPart({ vaults: ['/a'], window: short }, ['/a'], window)).toBeUndefined();
    expect(describePart({ vaults: ['/a'], window: short })).toBe(
      'vault /a, 2026-11-13T00:00:00.000Z to 2026-11-13T00:01:30.000Z',
    );
  });
});
