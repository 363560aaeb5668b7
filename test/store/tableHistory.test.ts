/**
 * Findings history in Azure Table storage at a million resources' scale: spread over partitions
 * (Learn, "Scalability and performance targets for Table storage": up to 2,000 entities a second per
 * partition, 20,000 per account; at most 100 entities, one partition, per entity group transaction),
 * written only where a run changed it, and read whole, older records of the single partition included.
 */
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startAzurite, type RunningAzurite } from '../../emulator/startAzurite.js';
import { createAzureStores, HISTORY_TABLE } from '../../src/store/azureStores.js';
import {
  historyPartition,
  LEGACY_HISTORY_PARTITION,
  saveTableHistory,
} from '../../src/store/tableHistory.js';
import type { AuditStores } from '../../src/store/types.js';
import { historyRecord as record } from '../support/historyRecord.js';

let azurite: RunningAzurite;
let stores: AuditStores;
let table: TableClient;
beforeAll(async () => {
  azurite = await startAzurite();
  stores = createAzureStores(
    { kind: 'connectionString', connectionString: azurite.connectionString },
    'reports',
    {
      getToken: () => Promise.resolve(null),
    },
  );
  table = TableClient.fromConnectionString(azurite.connectionString, HISTORY_TABLE, {
    allowInsecureConnection: true,
  });
}, 60_000);
afterAll(() => azurite?.stop());

const hex = (n: number) => n.toString(16).padStart(32, '0').split('').reverse().join('');

async function partitionsHolding(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const e of table.listEntities())
    counts.set(e.partitionKey!, (counts.get(e.partitionKey!) ?? 0) + 1);
  return counts;
}

describe('findings history in Table storage', () => {
  it('puts each record in the partition of its id’s first hex digit, sixteen in all', () => {
    expect(historyPartition('0abc')).toBe('finding-0');
    expect(historyPartition('9abc')).toBe('finding-9');
    expect(historyPartition('fabc')).toBe('finding-f');
    expect(historyPartition('Fabc')).toBe('finding-f');
    // Not hex (a hand-written id in a test, say): still one of the sixteen.
    expect(historyPartition('x1')).toMatch(/^finding-[0-9a-f]$/);
  });

  it('spreads 1,600 records over the sixteen partitions and reads every one back', async () => {
    const records = Array.from({ length: 1600 }, (_, i) => record(hex(i)));
    await stores.history.save(records);
    const counts = await partitionsHolding();
    expect([...counts.keys()].sort()).toEqual(
      Array.from({ length: 16 }, (_, n) => `finding-${n.toString(16)}`),
    );
    for (const n of counts.values()) expect(n).toBe(100);
    const loaded = await stores.history.load();
    expect(loaded).toHaveLength(1600);
    expect(new Set(loaded.map((r) => r.id))).toEqual(new Set(records.map((r) => r.id)));
  });

  it('writes only the records given: the others stay as stored', async () => {
    const changed = record(hex(7), 'resolved', '2026-11-25T06:00:00Z');
    await stores.history.save([changed]);
    const loaded = await stores.history.load();
    expect(loaded).toHaveLength(1600);
    expect(loaded.find((r) => r.id === hex(7))).toEqual(changed);
    expect(loaded.find((r) => r.id === hex(8))).toEqual(record(hex(8)));
  });

  it('still reads history kept in the single partition of earlier versions, newer copies first', async () => {
    // As an earlier version wrote it: one partition, one JSON text per entity.
    const legacy = [record('legacy-only'), record(hex(3), 'open', '2026-10-01T06:00:00Z')];
    await table.submitTransaction(
      legacy.map((r) => [
        'upsert',
        { partitionKey: LEGACY_HISTORY_PARTITION, rowKey: r.id, record: JSON.stringify(r) },
        'Replace',
      ]),
    );
    const loaded = await stores.history.load();
    expect(loaded).toHaveLength(1601);
    expect(loaded.find((r) => r.id === 'legacy-only')).toEqual(record('legacy-only'));
    // hex(3) was written since to its own partition: that copy is the one read.
    expect(loaded.filter((r) => r.id === hex(3))).toEqual([record(hex(3))]);
  });

  it('moves the single partition’s records to their own at the next save, then deletes it', async () => {
    expect((await partitionsHolding()).get(LEGACY_HISTORY_PARTITION)).toBe(2);
    await stores.history.load();
    // A run that changed nothing: the move is the whole save.
    await stores.history.save([]);
    const counts = await partitionsHolding();
    expect(counts.has(LEGACY_HISTORY_PARTITION)).toBe(false);
    expect(counts.get(historyPartition('legacy-only'))).toBe(101);
    const loaded = await stores.history.load();
    expect(loaded).toHaveLength(1601);
    expect(loaded.find((r) => r.id === 'legacy-only')).toEqual(record('legacy-only'));
    expect(loaded.filter((r) => r.id === hex(3))).toEqual([record(hex(3))]);
  });
});

describe('saving history when a transaction fails', () => {
  it('sends no further transaction, lets those in flight finish, and throws the failure', async () => {
    let sent = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const failing = {
      submitTransaction: async () => {
        const n = ++sent;
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (n === 3) throw new Error('503 Server Busy');
        return {};
      },
    } as unknown as TableClient;
    // 3,200 records: 32 transactions of 100.
    const records = Array.from({ length: 3200 }, (_, i) => record(hex(i)));
    await expect(saveTableHistory(failing, records)).rejects.toThrow('503 Server Busy');
    expect(mostInFlight).toBe(8);
    expect(sent).toBeLessThan(32);
    expect(inFlight).toBe(0);
  });
});
