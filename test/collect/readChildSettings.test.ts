import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { readChildSettings } from '../../src/collect/readChildSettings.js';

const SITE =
  '/subscriptions/5a000000-0000-4000-8000-000000000002/resourceGroups/rg/providers/Microsoft.Web/sites/app';
const SERVER =
  '/subscriptions/5a000000-0000-4000-8000-000000000002/resourceGroups/rg/providers/Microsoft.DBforMySQL/flexibleServers/db';

/** Clients whose ARM answers 404 (undefined, as restGet gives it) for every path. */
const nothingThere = {
  armGet: () => Promise.resolve(undefined),
} as unknown as AzureClients;

describe('readChildSettings', () => {
  it('reads a 404 on a collection every parent has as the parent gone, and on a single child as no child', async () => {
    const read = await readChildSettings(nothingThere, [
      {
        resourceId: SITE,
        childPath: 'basicPublishingCredentialsPolicies',
        apiVersion: '2023-12-01',
        collection: true,
      },
      { resourceId: SERVER, childPath: 'configurations/aad_auth_only', apiVersion: '2023-12-30' },
    ]);
    expect(read).toEqual({
      items: [
        { resourceId: SITE, childPath: 'basicPublishingCredentialsPolicies', children: [], parentGone: true },
        { resourceId: SERVER, childPath: 'configurations/aad_auth_only', children: [] },
      ],
      errors: [],
    });
  });
});
