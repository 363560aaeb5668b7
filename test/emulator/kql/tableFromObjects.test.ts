import { describe, expect, it } from 'vitest';

import { decodeTable, encodeObjects, tableFromObjects } from '../../../emulator/kql/tableFromObjects.js';
import { coerce, inferType, Timespan, type Column } from '../../../emulator/kql/values.js';

/** What a table built from JSON rows must hold: the schema's columns, then the others; each value coerced. */
function expectedTable(rows: Record<string, unknown>[], schema: Column[]) {
  const columns = schema.map((c) => ({ ...c }));
  for (const r of rows)
    for (const [k, v] of Object.entries(r))
      if (!columns.some((c) => c.name === k)) columns.push({ name: k, type: inferType(v) });
  return { columns, rows: rows.map((r) => columns.map((c) => coerce(r[c.name], c.type))) };
}

const schema: Column[] = [
  { name: 'At', type: 'datetime' },
  { name: 'Span', type: 'timespan' },
  { name: 'Name', type: 'string' },
  { name: 'Id', type: 'guid' },
  { name: 'N', type: 'long' },
  { name: 'Ok', type: 'bool' },
  { name: 'Bag', type: 'dynamic' },
];
const rows: Record<string, unknown>[] = Array.from({ length: 300 }, (_, i) => ({
  At: i % 7 === 0 ? null : i % 5 === 0 ? 'not a date' : new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
  Span: i % 4 === 0 ? undefined : `${i}m`,
  Name: i % 3 === 0 ? { nested: i % 2 } : i % 11 === 0 ? null : `name-${i % 9}`,
  Id: `ABC-${i % 4}`,
  N: i % 6 === 0 ? '12' : i % 10,
  Ok: i % 8 === 0 ? 'true' : i % 2 === 0,
  Bag: i % 9 === 0 ? '{"a":[1,2]}' : i % 2 ? { claim: { oid: `o${i % 3}` } } : [i % 2],
  ...(i % 50 === 49 ? { Extra: i, Late: 'x' } : {}),
}));

describe('tableFromObjects', () => {
  it('types and orders columns and values as coercing each cell would', () => {
    expect(tableFromObjects(rows, schema)).toEqual(expectedTable(rows, schema));
    expect(tableFromObjects(rows, schema).rows[1]![1]).toBeInstanceOf(Timespan);
  });

  it('holds one value per row once a column hardly repeats, with the same answer', () => {
    const many = Array.from({ length: 70_000 }, (_, i) => ({
      Ip: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
      K: i % 3,
    }));
    const table = tableFromObjects(many, []);
    expect(table.rows.length).toBe(70_000);
    expect(table.rows[69_999]).toEqual(['10.1.17.111', 0]);
    expect(new Set(table.rows.map((r) => r[0])).size).toBe(70_000);
  });

  it('shares one object among rows with equal dynamic values', () => {
    const table = tableFromObjects([{ B: { x: 1 } }, { B: { x: 1 } }, { B: { x: 2 } }], []);
    expect(table.rows[0]![0]).toBe(table.rows[1]![0]);
    expect(table.rows[2]![0]).toEqual({ x: 2 });
  });

  it('survives a structured clone (what a worker receives) unchanged', () => {
    const encoded = structuredClone(encodeObjects(rows, schema));
    expect(decodeTable(encoded)).toEqual(expectedTable(rows, schema));
  });
});
