/**
 * One string object per distinct value. Rows parsed from Azure's JSON repeat the same vault ids,
 * types, subscriptions, callers and addresses thousands of times, each parsed as its own string.
 * Past `maxDistinct` values no new one is kept (a column of unique values would only cost).
 */
export function interner(maxDistinct = Number.POSITIVE_INFINITY): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    if (seen.size < maxDistinct) seen.set(s, s);
    return s;
  };
}
