import { randomBytes } from 'node:crypto';

/** A sortable, unique run id: `20261120T060000Z-1a2b3c`. */
export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}
