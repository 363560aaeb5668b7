import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The conformance corpus: real Azure request/response pairs, one payload a file, each opening with
 * `// Source:` lines that name where it was recorded or documented (repository + path + commit, or
 * a Microsoft Learn URL). Tests replay them to the real collectors and hold the emulator to them.
 */

export const CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

export interface CorpusRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface CorpusResponse {
  status: number;
  headers?: Record<string, string>;
  body?: any;
  /** A body that is not JSON (a multipart batch answer), sent as it is. */
  bodyText?: string;
}

/** One corpus file: its sources, and the payload (a request/response pair, a row, a schema). */
export interface CorpusEntry<T = any> {
  name: string;
  sources: string[];
  payload: T;
}

/** Reads a corpus file by its path under `corpus/` (without `.jsonc`). */
export function corpus<T = { request: CorpusRequest; response: CorpusResponse }>(
  name: string,
): CorpusEntry<T> {
  const text = readFileSync(join(CORPUS_DIR, `${name}.jsonc`), 'utf8');
  const lines = text.split('\n');
  const sources = lines
    .filter((l) => l.startsWith('// Source:'))
    .map((l) => l.slice('// Source:'.length).trim());
  const json = lines.filter((l) => !l.trimStart().startsWith('//')).join('\n');
  return { name, sources, payload: JSON.parse(json) as T };
}

/** Every corpus file's name. */
export function corpusNames(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.jsonc'))
        out.push(
          relative(CORPUS_DIR, join(dir, e.name))
            .replace(/\\/g, '/')
            .replace(/\.jsonc$/, ''),
        );
    }
  };
  walk(CORPUS_DIR);
  return out.sort();
}
