/**
 * How large a piece of text a renderer builds before it yields it: about 16K characters.
 *
 * Why so small: V8 puts a string larger than its regular object limit (128 KB: 128K one-byte or
 * 64K two-byte characters, and one character outside Latin-1, such as `’`, makes the whole string
 * two-byte) in pages of its own, taken fresh from the system and given back when it dies. Pieces of
 * hundreds of KB (256 findings per `JSON.stringify`, 2,000 per dashboard element) meant a fresh
 * mapping for every piece, and again for every flattening of a piece built by `+`: at the goal size
 * of the benchmark the kernel zeroed about a gigabyte of new pages, a second of system CPU. Pieces
 * under the limit are built, flattened and encoded in the young generation, whose pages are reused.
 */
export const PIECE_CHARS = 1 << 14;

/**
 * Findings or SARIF results (1–3 KB each) per piece, one line each (streamJson.ts): a piece stays
 * within a few {@link PIECE_CHARS}, and is one generator step instead of one per item.
 */
export const ITEMS_PER_PIECE = 8;
