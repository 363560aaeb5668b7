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
  const capacity = text.length + (text.length >> 2) + 16;
  const buffer = Buffer.allocUnsafeSlow(capacity);
  const written = buffer.write(text, 'utf8');
  // A write that stopped short leaves less room than the next character's (at most 4) bytes.
  return written < capacity - 3 ? buffer.subarray(0, written) : Buffer.from(text, 'utf8');
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
      let text = '';
      while (text.length < CHARS_PER_BUFFER) {
        const next = chunks.next();
        if (next.done) {
          if (text) this.push(utf8(text));
          this.push(null);
          return;
        }
        text += next.value;
      }
      this.push(utf8(text));
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

/** An output as one string: for tests and small outputs only. */
export function outputText(file: Rendered): string {
  return [...file.render()].join('');
}
