import { describe, expect, it } from 'vitest';

import { resourceRowCompactor } from '../../src/collect/compactRows.js';
import type { ResourceRow } from '../../src/collect/snapshot.js';

/** Two rows as Resource Graph's JSON gives them: equal values, each its own copy. */
const parsedRows = (): ResourceRow[] =>
  JSON.parse(
    JSON.stringify(
      ['app-a', 'app-b'].map((name) => ({
        id: `/subscriptions/5b000000-0000-4000-8000-000000000001/resourceGroups/rg-web/providers/Microsoft.Web/sites/${name}`,
        name,
        type: 'microsoft.web/sites',
        kind: 'app,linux',
        location: 'westeurope',
        resourceGroup: 'rg-web',
        subscriptionId: '5b000000-0000-4000-8000-000000000001',
        tenantId: '7b000000-0000-4000-8000-000000000042',
        sku: { name: 'P1v3', tier: 'PremiumV3' },
        identity: null,
        tags: { env: 'prod' },
        properties: { servicePrincipalClientId: null, kubeletIdentity: null },
      })),
    ),
  ) as ResourceRow[];

describe('resourceRowCompactor', () => {
  it('keeps every field and value of a row as parsed', () => {
    const compact = resourceRowCompactor();
    const rows = parsedRows();
    expect(rows.map(compact)).toEqual(parsedRows());
  });

  it('makes equal small objects one object shared by the rows, frozen so that no reader can change the others', () => {
    const compact = resourceRowCompactor();
    const [a, b] = parsedRows().map(compact);
    expect(a!.sku).toBe(b!.sku);
    expect(a!.tags).toBe(b!.tags);
    expect(a!.properties).toBe(b!.properties);
    expect(Object.isFrozen(a!.sku)).toBe(true);
    expect(a!.identity).toBeNull();
  });

  it('keeps objects that differ apart', () => {
    const compact = resourceRowCompactor();
    const [a, b] = parsedRows();
    b!.tags = { env: 'test' };
    compact(a!);
    compact(b!);
    expect(a!.tags).toEqual({ env: 'prod' });
    expect(b!.tags).toEqual({ env: 'test' });
  });
});
