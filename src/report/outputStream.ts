import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Anything rendered as text chunks, such as a store's ReportFile. */
export interface Rendered {
  render(): Iterable<string>;
}

/** Characters of text gathered into one Buffer: a few large writes instead of one per finding. */
const CHARS_PER_BUFFER = 1 << 18;
/** Bytes a stream holds before it stops rendering until its reader catches up. */
const BUFFERED_BYTES = 1 << 20;

/**
 * Text as UTF-8 in one pass: written into a Buffer sized for mostly ASCII text; only when it does
 * not fit (much non-ASCII text) is it encoded again by `Buffer.from`, which measures first.
 */
export function utf8(text: string): Buffer {
  return utf8Of([text], text.length);
}

/**
 * Several pieces of text (`length` characters in all) as one UTF-8 Buffer, each piece written where
 * the last ended: no joined string is built (V8 would copy every piece into it first).
 */
function utf8Of(pieces: readonly string[], length: number): Buffer {
  const capacity = length + (length >> 2) + 16;
  const buffer = Buffer.allocUnsafeSlow(capacity);
  let written = 0;
  for (const piece of pieces) {
    written += buffer.write(piece, written, 'utf8');
    // A write that stopped short leaves less room than the next character's (at most 4) bytes.
    if (written >= capacity - 3) return Buffer.from(pieces.join(''), 'utf8');
  }
  return buffer.subarray(0, written);
}

/**
 * An output as a byte stream, rendered while it is read: each read gathers about
 * {@link CHARS_PER_BUFFER} characters of chunks into one Buffer, and rendering pauses while
 * {@link BUFFERED_BYTES} wait for the reader (a file, or a blob upload), so memory stays bounded.
 * A renderer that throws destroys the stream with its error.
 */
export function outputStream(file: Rendered): Readable {
  let chunks: Iterator<string> | undefined;
  return new Readable({
    highWaterMark: BUFFERED_BYTES,
    read() {
      chunks ??= file.render()[Symbol.iterator]();
      const pieces: string[] = [];
      let length = 0;
      while (length < CHARS_PER_BUFFER) {
        const next = chunks.next();
        if (next.done) {
          if (length) this.push(utf8Of(pieces, length));
          this.push(null);
          return;
        }
        pieces.push(next.value);
        length += next.value.length;
      }
      this.push(utf8Of(pieces, length));
    },
    destroy(error, callback) {
      chunks?.return?.();
      callback(error);
    },
  });
}

/** Writes an output to a file as it is rendered. */
export async function writeOutputFile(file: Rendered, path: string): Promise<void> {
  await pipeline(outputStream(file), createWriteStream(path));
}

/**
 * Waits for every write (outputs are written at once: rendering shares the one thread, while the
 * writes, to files or blobs, overlap), then fails with the first error if any failed. Every write
 * has ended either way, so nothing is still being written when the caller goes on.
 */
export async function allWritten(writes: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}

/** An output as one string: for tests and small outputs only. */
export function outputText(file: Rendered): string {
  return [...file.render()].join('');
}
