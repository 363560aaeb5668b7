import { afterAll, describe, expect, it } from 'vitest';

import { LOG_ANALYTICS_SCHEMAS } from '../../emulator/kql/index.js';
import { KqlError } from '../../emulator/kql/kqlError.js';
import { OffThreadQueries, type TableSource } from '../../emulator/kql/offThreadQueries.js';
import { KEY_VAULT_AUDIT_AGGREGATE_QUERY } from '../../src/collect/queries.js';

const now = new Date('2026-11-20T06:00:00Z');
const logs: TableSource = {
  rows: Array.from({ length: 5000 }, (_, i) => ({
    TimeGenerated: new Date(now.getTime() - (i % 3000) * 60_000),
    OperationName: i % 3 ? 'SecretGet' : 'SecretList',
    HttpStatusCode: i % 11 ? 200 : 403,
    _ResourceId: `/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv${i % 7}`,
    Identity: { claim: { oid: `o${i % 13}`, appid: `a${i % 13}`, idtyp: 'app' } },
    Id: `https://kv${i % 7}.vault.azure.net/secrets/s${i % 30}/v1`,
    CallerIpAddress: `10.0.0.${i % 9}`,
  })),
  schema: LOG_ANALYTICS_SCHEMAS['AZKVAuditLogs']!,
};
const limits = { rows: 500_000, bytes: 104_857_600 };
const window = { start: now.getTime() - 86_400_000, end: now.getTime() };

// One worker for the file: starting one loads the KQL engine and Kusto's parser anew (seconds).
const worker = new OffThreadQueries(1);
afterAll(() => worker.stop());

describe('OffThreadQueries', () => {
  it('answers on a worker thread exactly as inline', async () => {
    const inline = new OffThreadQueries(Infinity);
    {
      const a = await inline.run(
        KEY_VAULT_AUDIT_AGGREGATE_QUERY,
        { AZKVAuditLogs: logs },
        window,
        now,
        limits,
      );
      const b = await worker.run(
        KEY_VAULT_AUDIT_AGGREGATE_QUERY,
        { AZKVAuditLogs: logs },
        window,
        now,
        limits,
      );
      // Again: the table is on the worker already and is not sent twice.
      const c = await worker.run(
        KEY_VAULT_AUDIT_AGGREGATE_QUERY,
        { AZKVAuditLogs: logs },
        window,
        now,
        limits,
      );
      expect(a.rows.length).toBeGreaterThan(50);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
    }
  });

  it('brings a query error back as a KqlError', async () => {
    await expect(
      worker.run('AZKVAuditLogs | where NoSuchColumn == 1', { AZKVAuditLogs: logs }, window, now, limits),
    ).rejects.toBeInstanceOf(KqlError);
  });

  it('answers over tables loaded ahead and over rows passed for one query, as inline', async () => {
    const inline = new OffThreadQueries(Infinity);
    const loaded = new OffThreadQueries(1);
    try {
      const query =
        'AZKVAuditLogs | summarize n = count(), callers = dcount(tostring(Identity.claim.oid)) by _ResourceId';
      const expected = await inline.run(query, { AZKVAuditLogs: logs }, window, now, limits);
      await loaded.preload([logs]);
      expect(await loaded.run(query, { AZKVAuditLogs: logs }, window, now, limits)).toEqual(expected);
      const once = { ...logs, transient: true as const };
      expect(await loaded.run(query, { AZKVAuditLogs: once }, window, now, limits)).toEqual(expected);
    } finally {
      await loaded.stop();
    }
  });
});
