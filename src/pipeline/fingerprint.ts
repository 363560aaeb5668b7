import { createHash } from 'node:crypto';

import type { CheckFinding } from '../checks/types.js';

/**
 * A finding's stable id: the same issue on the same resource (and principal) gives the same id in
 * every run, whatever the casing Azure returned the ids in, and whatever the message says.
 */
export function fingerprint(
  finding: Pick<CheckFinding, 'checkId' | 'resourceId' | 'principalId' | 'discriminator'>,
): string {
  const key = [
    finding.checkId,
    finding.resourceId.toLowerCase().replace(/\/+$/, ''),
    finding.principalId?.toLowerCase() ?? '',
    finding.discriminator?.toLowerCase() ?? '',
  ].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
