/**
 * JSON text as a sequence of chunks, identical to `JSON.stringify(value, null, 2)` but never one
 * string: arrays and objects down to `depth` are written member by member, so a report with a
 * million findings is written in pieces of one finding each. (V8 cannot hold a string longer than
 * about 2^29 characters; `findings.json` passed that at about 290k findings.)
 */
export function* streamJson(value: unknown, depth = 3, indent = ''): Generator<string> {
  if (depth > 0 && Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    const inner = `${indent}  `;
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
    yield `\n${indent}]`;
    return;
  }
  if (depth > 0 && isPlainObject(value)) {
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
  const text = JSON.stringify(value, null, 2) as string | undefined;
  yield indent && text ? text.replace(/\n/g, `\n${indent}`) : (text ?? 'null');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Joins small chunks into pieces of about `size` characters, so that a file or blob receives a few
 * large writes instead of one per finding.
 */
export function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}
