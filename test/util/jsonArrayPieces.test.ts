import { describe, expect, it } from 'vitest';

import { jsonArrayPieces } from '../../src/util/jsonArrayPieces.js';

describe('an array as JSON in pieces', () => {
  it('joins to exactly JSON.stringify of the array, for any length and slice size', () => {
    const items = Array.from({ length: 23 }, (_, i) => (i % 5 === 0 ? undefined : { i, s: `é’${i}` }));
    for (const n of [0, 1, 4, 22, 23])
      for (const per of [1, 4, 32]) {
        const pieces = [...jsonArrayPieces(items.slice(0, n), per)];
        expect(pieces.join(''), `${n} items, ${per} a piece`).toBe(JSON.stringify(items.slice(0, n)));
        expect(pieces.length).toBe(n === 0 ? 2 : 2 + Math.ceil(n / per) * 2 - 1);
      }
  });

  it('encodes each slice with the encoder given', () => {
    const upper = (slice: unknown[]) => JSON.stringify(slice).toUpperCase();
    expect([...jsonArrayPieces(['a', 'b', 'c'], 2, upper)].join('')).toBe('["A","B","C"]');
  });
});
