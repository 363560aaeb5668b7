import { ITEMS_PER_PIECE } from './pieceSize.js';

/**
 * JSON text as a sequence of chunks, identical to `JSON.stringify(value, null, 2)` but never one
 * string: arrays and objects down to `depth` are written member by member, and the items of the
 * deepest arrays in slices of {@link ITEMS_PER_PIECE}, so a report with a million findings is
 * written in pieces of a few findings each (pieceSize.ts says why so few). (V8 cannot hold a string longer than about 2^29
 * characters; `findings.json` passed that at about 290k findings.) Each slice is one
 * `JSON.stringify` call that writes its items at their final indentation ({@link jsonItemsAt}):
 * no second pass over the text, no string per finding.
 */
export function* streamJson(value: unknown, depth = 3, indent = ''): Generator<string> {
  if (depth > 0 && Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    const inner = `${indent}  `;
    if (depth === 1) {
      for (let i = 0; i < value.length; i += ITEMS_PER_PIECE) {
        // The separator is its own piece: joined to the items by `+`, it would make V8 copy them.
        yield i === 0 ? `[\n${inner}` : `,\n${inner}`;
        yield jsonItemsAt(value.slice(i, i + ITEMS_PER_PIECE), inner);
      }
    } else {
      for (let i = 0; i < value.length; i++) {
        yield i === 0 ? `[\n${inner}` : `,\n${inner}`;
        const item: unknown = value[i];
        // JSON.stringify writes undefined, functions and symbols in arrays as null.
        yield* streamJson(
          item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item,
          depth - 1,
          inner,
        );
      }
    }
    yield `\n${indent}]`;
    return;
  }
  if (depth > 1 && isPlainObject(value)) {
    const inner = `${indent}  `;
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
      first = false;
      yield* streamJson(member, depth - 1, inner);
    }
    yield first ? '{}' : `\n${indent}}`;
    return;
  }
  yield jsonAt(value, indent);
}

/**
 * `JSON.stringify(value, null, 2)` for a value written at `indent` (spaces, two per level): every
 * line after the first starts with `indent`. The value is wrapped in one array per level and the
 * wrappers' brackets are cut off, so V8 writes the indentation itself in its one pass.
 */
export function jsonAt(value: unknown, indent: string): string {
  if (indent === '') {
    // JSON.stringify answers undefined for undefined, functions and symbols.
    const text: string | undefined = JSON.stringify(value, null, 2);
    return text ?? 'null';
  }
  return jsonItemsAt([value], indent);
}

/**
 * The items of `items` as `JSON.stringify(items, null, 2)` writes them, each at `indent` (at least
 * two spaces), separated by `,\n` + `indent`, without the array's brackets. Undefined, function
 * and symbol items are `null`, as in any JSON array.
 */
export function jsonItemsAt(items: readonly unknown[], indent: string): string {
  const levels = indent.length >> 1;
  if (levels === 0 || indent.length !== levels * 2 || indent.trim() !== '')
    throw new Error(`jsonItemsAt: indent must be pairs of spaces, got ${JSON.stringify(indent)}`);
  let wrapped: unknown = items;
  for (let i = 1; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(openingLength(levels), text.length - closingLength(levels));
}

// `[\n  ` + `[\n    ` + ... : level i (1-based) opens with 2 + 2i characters.
const openingLength = (levels: number) => levels * 2 + levels * (levels + 1);
// `\n` + indent + `]` per level: level i (0-based from the outside) closes with 2 + 2i characters.
const closingLength = (levels: number) => levels * 2 + levels * (levels - 1);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
