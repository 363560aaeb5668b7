/**
 * `JSON.stringify(items)` (or `encode(items)`, for an encoder that writes arrays as JSON.stringify
 * does) as pieces: `[`, the items of each slice of `perPiece` items with the slice's brackets cut
 * off, separated by `,`, and `]`. An array's compact JSON is its items' JSON joined by commas inside
 * brackets, so the pieces join to exactly the text of the whole, which is never one string: large
 * strings are what V8 puts in fresh pages of their own (src/report/pieceSize.ts).
 */
export function* jsonArrayPieces(
  items: readonly unknown[],
  perPiece: number,
  encode: (slice: unknown[]) => string = JSON.stringify,
): Generator<string> {
  yield '[';
  for (let i = 0; i < items.length; i += perPiece) {
    if (i) yield ',';
    yield encode(items.slice(i, i + perPiece)).slice(1, -1);
  }
  yield ']';
}
