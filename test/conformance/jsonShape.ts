/**
 * The shape of a JSON value: object keys (sorted) with their shapes, arrays by their first element,
 * scalars by their JSON type. Two answers of the same API from different tenants differ in values,
 * never in shape: the conformance tests compare these.
 */
export function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, shape(x)]),
    );
  return v === null ? 'null' : typeof v;
}
