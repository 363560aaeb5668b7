import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';

import type { HistoryRecord } from '../model/history.js';
import type { HistoryStore } from './types.js';

/**
 * Where history lived before it was spread over partitions (and the prefix of their names): read,
 * never written; a record written since to its own partition replaces the copy here, and the next
 * save moves the rest and deletes it ({@link tableHistoryStore}).
 */
export const LEGACY_HISTORY_PARTITION = 'finding';

/**
 * Partitions history is spread over. Azure Table storage serves one partition at up to 2,000
 * entities a second and a storage account at up to 20,000 (Learn, "Scalability and performance
 * targets for Table storage"): a million-resource audit keeps some 400,000 records, which one
 * partition takes over 200 s to write and answers with 503 Server Busy past its target. Spread by
 * the first hex digit of the finding id (a SHA-256 prefix, so evenly), sixteen partitions reach the
 * account's target.
 */
const PARTITIONS = 16;

/** Transactions sent at once: enough to reach the account's target at a few tens of ms a round trip. */
const TRANSACTIONS_IN_FLIGHT = 8;

/** Entities per transaction: an entity group transaction holds at most 100, all of one partition. */
const ENTITIES_PER_TRANSACTION = 100;

/** The name of partition `n` (0 to 15): `finding-0` to `finding-f`. */
function partitionName(n: number): string {
  return `${LEGACY_HISTORY_PARTITION}-${n.toString(16)}`;
}

/** The partition of a finding's history record. */
export function historyPartition(id: string): string {
  const digit = Number.parseInt(id.charAt(0), 16);
  return partitionName(Number.isNaN(digit) ? id.charCodeAt(0) % PARTITIONS : digit % PARTITIONS);
}

type HistoryEntity = TableEntity<{ record: string }>;

/**
 * History in a Table: {@link loadTableHistory} and {@link saveTableHistory}, and the move of the
 * records an earlier version kept in one partition. A load that finds such records remembers them;
 * the next save writes those the run did not write itself to their partitions, then deletes the old
 * partition's entities. The deletes come after the writes, so a run stopped between them loses
 * nothing (the old copies are read, and shadowed, again), and a delete that fails is tried again
 * after the next load: a copy left behind is never read over a newer one.
 */
export function tableHistoryStore(table: TableClient): HistoryStore {
  let legacy: Legacy | undefined;
  return {
    async load() {
      const read = await loadTableHistory(table);
      legacy = read.legacy.ids.length ? read.legacy : undefined;
      return read.records;
    },
    async save(records) {
      await saveTableHistory(table, records);
      if (!legacy) return;
      const moving = legacy;
      const given = new Set<string>();
      for (const r of records) given.add(r.id);
      await saveTableHistory(
        table,
        moving.unshadowed.filter((r) => !given.has(r.id)),
      );
      legacy = undefined;
      await deleteLegacy(table, moving.ids).catch(() => undefined);
    },
  };
}

/** What a load found in the single partition of earlier versions. */
interface Legacy {
  /** Every row key there. */
  ids: string[];
  /** Its records that no partition of this version holds. */
  unshadowed: HistoryRecord[];
}

/**
 * Every record: the sixteen partitions read at once, then the legacy partition's records that were
 * not written since. The result's order does not depend on which partition answered first.
 */
export async function loadTableHistory(
  table: TableClient,
): Promise<{ records: HistoryRecord[]; legacy: Legacy }> {
  const partitions = Array.from({ length: PARTITIONS }, (_, n) => partitionName(n));
  const [old = [], ...spread] = await Promise.all(
    [LEGACY_HISTORY_PARTITION, ...partitions].map((p) => readPartition(table, p)),
  );
  const records: HistoryRecord[] = [];
  const ids = new Set<string>();
  for (const list of spread)
    for (const r of list) {
      ids.add(r.id);
      records.push(r);
    }
  const legacy: Legacy = { ids: [], unshadowed: [] };
  for (const r of old) {
    legacy.ids.push(r.id);
    if (ids.has(r.id)) continue;
    legacy.unshadowed.push(r);
    records.push(r);
  }
  return { records, legacy };
}

/** Deletes the legacy partition's entities, a hundred to a transaction. */
async function deleteLegacy(table: TableClient, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += ENTITIES_PER_TRANSACTION)
    await table.submitTransaction(
      ids
        .slice(i, i + ENTITIES_PER_TRANSACTION)
        .map((rowKey): TransactionAction => ['delete', { partitionKey: LEGACY_HISTORY_PARTITION, rowKey }]),
    );
}

async function readPartition(table: TableClient, partition: string): Promise<HistoryRecord[]> {
  const out: HistoryRecord[] = [];
  for await (const e of table.listEntities<{ record: string }>({
    queryOptions: { filter: `PartitionKey eq '${partition}'` },
  }))
    out.push(JSON.parse(e.record) as HistoryRecord);
  return out;
}

/**
 * Writes (upserts) the records given, each to its partition, a hundred to a transaction and
 * {@link TRANSACTIONS_IN_FLIGHT} transactions at once; records not given stay as stored. On a
 * failure no further transaction is sent, those in flight are let finish, and the first failure is
 * thrown: what was written is whole records, each valid on its own.
 */
export async function saveTableHistory(table: TableClient, records: readonly HistoryRecord[]): Promise<void> {
  const byPartition = new Map<string, HistoryEntity[]>();
  for (const r of records) {
    const partitionKey = historyPartition(r.id);
    let list = byPartition.get(partitionKey);
    if (!list) byPartition.set(partitionKey, (list = []));
    list.push({ partitionKey, rowKey: r.id, record: JSON.stringify(r) });
  }
  const transactions: HistoryEntity[][] = [];
  for (const list of byPartition.values())
    for (let i = 0; i < list.length; i += ENTITIES_PER_TRANSACTION)
      transactions.push(list.slice(i, i + ENTITIES_PER_TRANSACTION));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < transactions.length) {
      const chunk = transactions[next++]!;
      try {
        await table.submitTransaction(
          chunk.map((entity): TransactionAction => ['upsert', entity, 'Replace']),
        );
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TRANSACTIONS_IN_FLIGHT, transactions.length) }, worker));
  if (failure) throw failure.error;
}
