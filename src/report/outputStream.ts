import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { batched } from './streamJson.js';

/** Anything rendered as text chunks, such as a store's ReportFile. */
export interface Rendered {
  render(): Iterable<string>;
}

function* utf8(chunks: Iterable<string>): Generator<Buffer> {
  for (const chunk of batched(chunks)) yield Buffer.from(chunk, 'utf8');
}

/** An output as a byte stream, rendered while it is read (backpressure keeps memory bounded). */
export function outputStream(file: Rendered): Readable {
  return Readable.from(utf8(file.render()));
}

/** Writes an output to a file as it is rendered. */
export async function writeOutputFile(file: Rendered, path: string): Promise<void> {
  await pipeline(outputStream(file), createWriteStream(path));
}

/** An output as one string: for tests and small outputs only. */
export function outputText(file: Rendered): string {
  return [...file.render()].join('');
}
