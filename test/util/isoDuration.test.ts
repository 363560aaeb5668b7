import { describe, expect, it } from 'vitest';

import { parseIsoDuration } from '../../src/util/isoDuration.js';

describe('parseIsoDuration', () => {
  it.each([
    ['P7D', 7 * 86_400_000],
    ['PT12H', 12 * 3_600_000],
    ['P1DT6H30M', 86_400_000 + 6.5 * 3_600_000],
    ['P2W', 14 * 86_400_000],
    ['PT90S', 90_000],
  ])('reads %s', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', '7D', 'P1M', 'P1Y', 'P0D', 'PT-1H'])('refuses %j', (text) =>
    expect(parseIsoDuration(text)).toBeUndefined(),
  );
});
