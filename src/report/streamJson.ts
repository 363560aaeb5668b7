import { ITEMS_PER_PIECE } from './pieceSize.js';

/**
 * JSON text as a sequence of chunks, never one string, laid out for people and line tools alike:
 * objects and arrays down to `depth` are written member by member as `JSON.stringify(value, null, 2)`
 * would, and each item of the deepest arrays (the findings of `findings.json`, the results of
 * `report.sarif`) is written on one line of its own, compact ({@link jsonLine}). A report with a
 * million findings is written a finding at a time (V8 cannot hold a string longer than about 2^29
 * characters; `findings.json` passed that at about 290k findings), `grep` finds a finding's whole
 * record by its resource id, and the file is about a fifth smaller than fully indented (at the
 * benchmark's goal size 88 MB instead of 109).
 */
export function* streamJson(value: unknown, depth = 3, indent = ''): Generator<string> {
  if (depth > 0 && Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    if (depth === 1) {
      yield* jsonLinesArray(value, indent);
      return;
    }
    const inner = `${indent}  `;
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[\n${inner}` : `,\n${inner}`;
      yield* streamJson(arrayItem(value[i]), depth - 1, inner);
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
 * A JSON array written at `indent` whose items are each one line of compact JSON ({@link jsonLine})
 * at the next indentation, `[]` when there are none. The items are read as they come (a generator
 * works), a few lines per piece, joined once (pieceSize.ts).
 */
export function* jsonLinesArray(items: Iterable<unknown>, indent: string): Generator<string> {
  const inner = `${indent}  `;
  let lines: string[] = [];
  let first = true;
  const piece = () => {
    const text = `${first ? '[' : ','}\n${inner}${lines.join(`,\n${inner}`)}`;
    first = false;
    lines = [];
    return text;
  };
  for (const item of items) {
    lines.push(jsonLine(item));
    if (lines.length === ITEMS_PER_PIECE) yield piece();
  }
  if (lines.length) yield piece();
  yield first ? '[]' : `\n${indent}]`;
}

/**
 * An array item as one line of compact JSON: `JSON.stringify(item)`, with `null` for what a JSON
 * array writes as null (undefined, functions, symbols). JSON escapes line breaks inside strings, so
 * the text never spans lines.
 */
function jsonLine(item: unknown): string {
  return JSON.stringify(arrayItem(item)) ?? 'null';
}

/** JSON.stringify writes undefined, functions and symbols in arrays as null. */
const arrayItem = (item: unknown): unknown =>
  item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item;

/**
 * `JSON.stringify(value, null, 2)` for a value written at `indent` (spaces, two per level): every
 * line after the first starts with `indent`. The value is wrapped in one array per level and the
 * wrappers' brackets are cut off, so V8 writes the indentation itself in its one pass.
 */
export function jsonAt(value: unknown, indent: string): string {
  const levels = indent.length >> 1;
  if (indent.length !== levels * 2 || indent.trim() !== '')
    throw new Error(`jsonAt: indent must be pairs of spaces, got ${JSON.stringify(indent)}`);
  // JSON.stringify answers undefined for undefined, functions and symbols.
  if (levels === 0) return JSON.stringify(value, null, 2) ?? 'null';
  let wrapped: unknown = [value];
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
