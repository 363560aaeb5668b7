import { jsonArrayPieces } from '../src/util/jsonArrayPieces.js';

/**
 * A response body as the bytes of `JSON.stringify(body)`, in Buffers of at most about 96 KB, built
 * from small pieces: arrays are written a few dozen items per `JSON.stringify` call.
 *
 * Why: a Resource Graph page of 1,000 rows is a megabyte or two of JSON. As one string, V8 builds it
 * as a chain of parts, then copies it whole to measure and encode it (the server's Content-Length),
 * each time into pages of its own, fresh from the system: at a million resources that was about 5 s
 * of the emulator's CPU zeroing new pages, on the two cores the auditor shares. Small pieces are
 * built and encoded in V8's young generation and in malloc's reused memory.
 */
export function jsonBody(body: unknown): Buffer[] {
  const buffers: Buffer[] = [];
  let text = '';
  for (const piece of jsonPieces(body)) {
    text += piece;
    if (text.length >= CHARS_PER_BUFFER) {
      buffers.push(Buffer.from(text));
      text = '';
    }
  }
  if (text) buffers.push(Buffer.from(text));
  return buffers;
}

/** Characters per Buffer: at most 3 bytes each, under malloc's 128 KB threshold for fresh mappings. */
const CHARS_PER_BUFFER = 1 << 15;
/** Items of an array per `JSON.stringify` call. */
const ITEMS_PER_PIECE = 32;

/** `JSON.stringify(value)` as pieces whose concatenation is exactly that text. */
function* jsonPieces(value: unknown): Generator<string> {
  if (Array.isArray(value)) {
    // Rows: a slice per JSON.stringify call (undefined and functions written as null, as in any array).
    if (value.length > ITEMS_PER_PIECE) {
      yield* jsonArrayPieces(value, ITEMS_PER_PIECE);
      return;
    }
    // A few items (a Log Analytics answer's one table, say), each of which may hold many rows.
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i) yield ',';
      yield* jsonPieces(value[i]);
    }
    yield ']';
    return;
  }
  if (isPlainObject(value)) {
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      // JSON.stringify leaves out members that are undefined, functions or symbols.
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      yield `${first ? '{' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonPieces(member);
    }
    yield first ? '{}' : '}';
    return;
  }
  yield JSON.stringify(value) ?? 'null';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
