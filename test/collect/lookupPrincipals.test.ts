/**
 * Directory look-ups of every principal holding a role, at a large tenant's size: getByIds batches of
 * 1000, four at once (lookupPrincipals.ts); a failed batch leaves its ids unread (never orphaned).
 */
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { lookupPrincipals } from '../../src/collect/lookupPrincipals.js';

const id = (n: number) => `d4000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('lookupPrincipals at scale', () => {
  it('asks four batches of 1000 at once; a failed batch is an error and its ids are not looked up', async () => {
    let inFlight = 0;
    let most = 0;
    const clients = {
      async getDirectoryObjects(ids: string[]) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        if (ids.includes(id(2500)))
          throw Object.assign(new Error('Service unavailable'), { statusCode: 503 });
        // Every third principal no longer exists: Graph leaves it out.
        return ids
          .filter((_, i) => i % 3)
          .map((x) => ({ '@odata.type': '#microsoft.graph.servicePrincipal', id: x, displayName: x }));
      },
    } as unknown as AzureClients;
    const ids = Array.from({ length: 6000 }, (_, i) => id(i));
    const directory = await lookupPrincipals(clients, ids);
    expect(most).toBe(4);
    expect(directory.errors).toHaveLength(1);
    // The third batch (2000-2999) failed: its ids are not looked up, so none of them is called orphaned.
    expect(directory.lookedUp).toEqual(ids.filter((_, i) => i < 2000 || i >= 3000));
    expect(directory.principals[id(2001)]).toBeUndefined();
    expect(directory.principals[id(1)]?.kind).toBe('servicePrincipal');
    expect(Object.keys(directory.principals)).toHaveLength(5 * 666);
  });
});
