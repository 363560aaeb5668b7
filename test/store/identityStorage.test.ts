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
    expect(await stores.runs.acquireLock('r1', new Date())).toEqual({ ok: true });
    expect(await stores.runs.acquireLock('r2', new Date())).toEqual({ ok: false, holder: 'r1' });
    await stores.runQueue.enqueue({ runId: 'r1' });
    expect(emulator.apiCalls['token']).toBeGreaterThan(0);
  }, 60_000);
});
