import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';

import { allWritten, writeOutputFile } from '../report/outputStream.js';
import type { ReportStore } from './types.js';

/**
 * Reports as files in one folder, for the CLI without a storage account: each output is rendered
 * straight into `<dir>/<name>` (only the names asked for), so nothing is kept in memory. The folder
 * holds this run's files whatever its scope or status: the person who ran the CLI asked for them,
 * so there is no `latest` pointer to move.
 */
export function createFileReportStore(dir: string, names?: ReadonlySet<string>): ReportStore {
  const path = (name: string) => join(dir, name.replace(/[/\\]/g, '_'));
  const read = (name: string) =>
    Promise.resolve(existsSync(path(name)) ? readFileSync(path(name), 'utf8') : undefined);
  return {
    async saveRun(_runId, files) {
      mkdirSync(dir, { recursive: true });
      await allWritten(
        files.filter((f) => !names || names.has(f.name)).map((f) => writeOutputFile(f, path(f.name))),
      );
    },
    publishLatest: () => Promise.resolve(),
    readLatest: read,
    openLatest: (name) => Promise.resolve(existsSync(path(name)) ? createReadStream(path(name)) : undefined),
    readRun: (_runId, name) => read(name),
    openRun: (_runId, name) =>
      Promise.resolve(existsSync(path(name)) ? createReadStream(path(name)) : undefined),
    readBlob: () => Promise.resolve(undefined),
  };
}
