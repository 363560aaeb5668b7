import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LocalStack } from '../../emulator/localStack.js';
import { startLocalFunctionsHost } from '../../scripts/lib/localFunctionsHost.js';
import { startLocalAudit } from '../support/localAudit.js';
import { DEMO_TENANT, readFixture } from '../support/testEmulator.js';

let stack: LocalStack;
let host: { url: string; stop(): Promise<void> };
beforeAll(async () => {
  stack = await startLocalAudit(readFixture(DEMO_TENANT), {
    settings: { ALERT_QUEUE_NAME: 'audit-alerts', ALERT_MIN_SEVERITY: 'critical' },
  });
  host = await startLocalFunctionsHost(stack.azurite.connectionString);
}, 60_000);
afterAll(async () => {
  // Either may be undefined when starting failed: that error is the one to see.
  await host?.stop();
  await stack?.stop();
});

describe('the HTTP API served locally (npm run demo -- --serve)', () => {
  it('runs an on-demand audit through the queue worker, then serves its report and dashboard', async () => {
    const accepted = await fetch(`${host.url}/api/audit/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(accepted.status).toBe(202);
    const { runId } = (await accepted.json()) as { runId: string };
    let status = '';
    for (let i = 0; i < 60 && !['complete', 'partial', 'failed'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 500));
      // A fresh connection per poll: the audit runs in this process and can hold the event loop for
      // seconds, after which a kept-alive socket may be closed by the server as the request arrives.
      status = (
        (await (
          await fetch(`${host.url}/api/audit/runs/${runId}`, { headers: { connection: 'close' } })
        ).json()) as { status: string }
      ).status;
    }
    expect(status).toBe('complete');
    const report = (await (await fetch(`${host.url}/api/audit/report`)).json()) as {
      runId: string;
      trigger: string;
    };
    expect(report).toMatchObject({ runId, trigger: 'http' });
    const dashboard = await fetch(`${host.url}/api/audit/dashboard`);
    expect(dashboard.headers.get('content-type')).toMatch(/text\/html/);
    expect(await dashboard.text()).toContain(runId);
  }, 60_000);

  it("sent the run's alert as one message to the Storage queue", async () => {
    const queue = new QueueClient(stack.azurite.connectionString, 'audit-alerts');
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    expect(receivedMessageItems).toHaveLength(1);
    const message = JSON.parse(Buffer.from(receivedMessageItems[0]!.messageText, 'base64').toString('utf8'));
    expect(message).toMatchObject({
      type: 'mi-auditor.alert',
      minSeverity: 'critical',
      bySeverity: { critical: 3 },
    });
  });
});
