import { describe, expect, it } from 'vitest';

import { parseIsoDuration, parseLookback } from '../../src/util/isoDuration.js';

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

describe('parseLookback', () => {
  it('reads a window as written, upper-cased, and in milliseconds', () =>
    expect(parseLookback(' p1dt6h ')).toEqual({ text: 'P1DT6H', ms: 108_000_000 }));

  it('says why a text is not a window', () =>
    expect(parseLookback('7 days')).toEqual({
      problem: '"7 days" is not an ISO-8601 duration such as P7D or PT12H',
    }));
});
