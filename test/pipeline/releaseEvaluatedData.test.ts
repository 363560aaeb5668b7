import { describe, expect, it } from 'vitest';

import type { SourceError } from '../../src/collect/snapshot.js';
import { releaseEvaluatedData } from '../../src/pipeline/releaseEvaluatedData.js';
import { assignment, emptySnapshot } from '../checks/snapshotBuilder.js';

const refused: SourceError = {
  source: 'roleAssignments',
  scope: '/subscriptions/5b000000-0000-4000-8000-000000000002',
  statusCode: 403,
  message: 'refused',
};

describe('releaseEvaluatedData', () => {
  it('empties what only the checks read and keeps every error, so coverage and resolution still see the outages', () => {
    const snapshot = emptySnapshot();
    snapshot.roleAssignments = {
      // Owner (8e3af657-…) for a user on a subscription.
      items: [
        assignment(
          '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
          'user-1',
          '/subscriptions/5b000000-0000-4000-8000-000000000001',
        ),
      ],
      errors: [refused],
    };
    const resources = snapshot.resources;
    const workspaces = snapshot.keyVaultLogs.workspaces;
    releaseEvaluatedData(snapshot);
    expect(snapshot.roleAssignments).toEqual({ items: [], errors: [refused] });
    expect(snapshot.keyVaultLogs.aggregates).toEqual([]);
    expect(snapshot.localAuth.items).toEqual([]);
    // What the stages after evaluation read is left as it was.
    expect(snapshot.resources).toBe(resources);
    expect(snapshot.keyVaultLogs.workspaces).toBe(workspaces);
  });
});
