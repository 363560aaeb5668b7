import { interner } from './interner.js';
import type { ResourceRow } from './snapshot.js';

/** Past this many distinct values a table stops taking new ones (unique tags would only cost). */
const MAX_DISTINCT = 100_000;

/**
 * Makes resource rows, as parsed from Resource Graph's pages, cheaper to hold: the strings that
 * repeat across rows (type, kind, location, resource group, subscription, tenant) become one string
 * each, and small objects that repeat (a sku, an identity block, the evidence bag, the tags) one
 * object each, frozen at its top level. JSON.parse gives every row its own copy of each; at a million resources the
 * copies were about 200 bytes a row. Rows keep their fields and values exactly; only identity of
 * equal values changes, so nothing may mutate a row (shared objects are frozen to make sure).
 */
export function resourceRowCompactor(): (row: ResourceRow) => ResourceRow {
  const intern = interner(MAX_DISTINCT);
  const objects = new Map<string, unknown>();
  const share = <T>(value: T): T => {
    if (value === null || typeof value !== 'object') return value;
    const key = JSON.stringify(value);
    const known = objects.get(key);
    if (known !== undefined) return known as T;
    if (objects.size < MAX_DISTINCT) objects.set(key, Object.freeze(value));
    return value;
  };
  return (row) => {
    row.type = intern(row.type);
    row.subscriptionId = intern(row.subscriptionId);
    if (row.kind) row.kind = intern(row.kind);
    if (row.location) row.location = intern(row.location);
    if (row.resourceGroup) row.resourceGroup = intern(row.resourceGroup);
    if (row.tenantId) row.tenantId = intern(row.tenantId);
    if (row.sku) row.sku = share(row.sku);
    if (row.identity) row.identity = share(row.identity);
    if (row.properties) row.properties = share(row.properties);
    if (row.tags) row.tags = share(row.tags);
    return row;
  };
}
