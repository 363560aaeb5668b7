import functions from '@azure/functions';
import { vi } from 'vitest';

import { auditorStorageAccountId, startLocalStack, type LocalStack } from '../../emulator/localStack.js';
import type { RunningAzurite } from '../../emulator/startAzurite.js';
import { auditTimer } from '../../src/handlers/auditTimer.js';
import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { startTestEmulator, testTls, useEmulatorEnv } from './testEmulator.js';
import { TokenIssuer } from '../../emulator/identity/tokenIssuer.js';

const issuers = new Map<string, Promise<TokenIssuer>>();

/**
 * Emulator + Azurite for a fixture, with the app settings pointed at them (vi.stubEnv). With
 * `azurite`, that one is used (and left running when the stack stops).
 */
export async function startLocalAudit(
  fixture: Record<string, any>,
  options: { state?: string; settings?: Record<string, string>; azurite?: RunningAzurite } = {},
): Promise<LocalStack> {
  const tenant = String(fixture['tenantId']).toLowerCase();
  if (!issuers.has(tenant)) issuers.set(tenant, TokenIssuer.create(tenant));
  const stack = await startLocalStack({
    fixture,
    tls: testTls(),
    issuer: await issuers.get(tenant)!,
    ...(options.state ? { state: options.state } : {}),
    ...(options.azurite ? { azurite: options.azurite } : {}),
  });
  for (const [k, v] of Object.entries({ ...stack.settings, ...options.settings })) vi.stubEnv(k, v);
  return stack;
}

/** A tenant served by the emulator, audited with in-memory stores. */
export type MemoryAudit = Pick<LocalStack, 'emulator' | 'stop'>;

/**
 * The emulator alone for a fixture, with the app settings pointed at it and no storage setting: the
 * handlers then keep the run lock, history and reports in memory (createAuditDeps), in this test
 * file's process. For tests of what an audit finds, where storage is not under test: Azurite costs
 * a process and about a second per start. Tests of storage use {@link startLocalAudit}.
 */
export async function startMemoryAudit(
  fixture: Record<string, any>,
  options: { settings?: Record<string, string>; emulator?: Parameters<typeof startTestEmulator>[1] } = {},
): Promise<MemoryAudit> {
  const emulator = await startTestEmulator(fixture, options.emulator);
  useEmulatorEnv(emulator, vi.stubEnv);
  vi.stubEnv('AzureWebJobsStorage', undefined);
  const ownStorage = auditorStorageAccountId(emulator.fixture);
  if (ownStorage) vi.stubEnv('AUDITOR_STORAGE_ACCOUNT_ID', ownStorage);
  for (const [k, v] of Object.entries(options.settings ?? {})) vi.stubEnv(k, v);
  return { emulator, stop: () => emulator.stop() };
}

export function invocationContext(name = 'auditTimer', logs: string[] = []) {
  return new functions.InvocationContext({
    functionName: name,
    invocationId: `test-${Date.now()}`,
    logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
  });
}

/** Runs the timer handler, exactly as the Functions host would on schedule. */
export async function runTimer(): Promise<AuditResult> {
  const result = await auditTimer(
    {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: '', next: '', lastUpdated: '' },
    },
    invocationContext(),
  );
  if (!result) throw new Error('the audit did not run');
  return result;
}
