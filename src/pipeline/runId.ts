import { randomBytes } from 'node:crypto';

/** A sortable, unique run id: `20261120T060000Z-1a2b3c`. */
export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** What {@link newRunId} makes; handlers check ids from requests against it. */
export const RUN_ID_PATTERN = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;
