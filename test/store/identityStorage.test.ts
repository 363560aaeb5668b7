import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { startAzurite, type RunningAzurite } from '../../emulator/startAzurite.js';
import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { loadConfig } from '../../src/config.js';
import { createAzureStores } from '../../src/store/azureStores.js';
import {
  DEMO_TENANT,
  readFixture,
  startTestEmulator,
  testTls,
  useEmulatorEnv,
} from '../support/testEmulator.js';

let emulator: RunningEmulator;
let azurite: RunningAzurite;
beforeAll(async () => {
  emulator = await startTestEmulator(readFixture(DEMO_TENANT));
  useEmulatorEnv(emulator, vi.stubEnv);
  const dir = mkdtempSync(join(tmpdir(), 'mi-auditor-azurite-tls-'));
  const tls = testTls();
  writeFileSync(join(dir, 'cert.pem'), tls.serverCertPem);
  writeFileSync(join(dir, 'key.pem'), tls.serverKeyPem);
  azurite = await startAzurite(undefined, { certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') });
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
  await emulator?.stop();
});

describe("storage reached with the app's managed identity (no key, no connection string)", () => {
  it('writes and reads reports, history, the run lock and the queue with bearer tokens', async () => {
    const base = (port: number) => `https://127.0.0.1:${port}/devstoreaccount1`;
    const config = loadConfig({
      AzureWebJobsStorage__accountName: 'devstoreaccount1',
      AzureWebJobsStorage__blobServiceUri: base(azurite.ports.blob),
      AzureWebJobsStorage__tableServiceUri: base(azurite.ports.table),
      AzureWebJobsStorage__queueServiceUri: base(azurite.ports.queue),
    });
    expect(config.storage?.kind).toBe('identity');
    const stores = createAzureStores(config.storage!, 'reports', new ManagedIdentityCredential());
    await stores.reports.saveRun('20261120T060000Z-abcdef', [
      { name: 'findings.json', contentType: 'application/json', render: () => ['{"ok":', 'true}'] },
    ]);
    // Stored under the run id; `latest` moves only with the pointer.
    expect(await stores.reports.readLatest('findings.json')).toBeUndefined();
    await stores.reports.publishLatest('20261120T060000Z-abcdef');
    expect(await stores.reports.readLatest('findings.json')).toBe('{"ok":true}');
    await stores.history.save([
      {
        id: 'f1',
        checkId: 'c',
        resourceId: '/x',
        severity: 'high',
        title: 't',
        firstSeen: 'a',
        lastSeen: 'b',
        status: 'open',
        openedAt: 'a',
      },
    ]);
    expect((await stores.history.load()).map((h) => h.id)).toEqual(['f1']);
    // The lease: refused while live, renewed by its holder, free once a crashed holder stops renewing.
    const t0 = new Date();
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    expect(await stores.runs.acquireLock('r1', t0)).toEqual({ ok: true });
    expect(await stores.runs.acquireLock('r2', at(1))).toEqual({ ok: false, holder: 'r1' });
    expect(await stores.runs.renewLock('r1', at(4))).toBe(true);
    expect(await stores.runs.acquireLock('r2', at(8))).toEqual({ ok: false, holder: 'r1' });
    expect(await stores.runs.acquireLock('r2', at(10))).toEqual({ ok: true, expiredHolder: 'r1' });
    expect(await stores.runs.renewLock('r1', at(10))).toBe(false);
    await stores.runs.releaseLock('r1'); // not the holder: no effect
    expect(await stores.runs.acquireLock('r3', at(11))).toEqual({ ok: false, holder: 'r2' });
    await stores.runs.releaseLock('r2');
    // A queued run is claimed once; a second delivery finds it running.
    await stores.runs.put({ runId: 'q1', trigger: 'http', status: 'queued', requestedAt: t0.toISOString() });
    const claims = await Promise.all([stores.runs.claim('q1', t0), stores.runs.claim('q1', t0)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await stores.runs.get('q1'))?.status).toBe('running');
    expect(await stores.runs.claim('missing', t0)).toBe(false);
    await stores.runQueue.enqueue({ runId: 'q1' });
    expect(emulator.apiCalls['token']).toBeGreaterThan(0);
  }, 60_000);
});
