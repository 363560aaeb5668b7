import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { TokenIssuer } from '../../emulator/identity/tokenIssuer.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/startEmulator.js';
import type { EmulatorTls } from '../../emulator/tls/certificateAuthority.js';

export const DEMO_TENANT = fileURLToPath(
  new URL('../../emulator/fixtures/demo-tenant.json', import.meta.url),
);
export const CLEAN_TENANT = fileURLToPath(
  new URL('../../emulator/fixtures/clean-tenant.json', import.meta.url),
);

export function readFixture(path: string): Record<string, any> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The test run's TLS material (made once in globalSetup, trusted through NODE_EXTRA_CA_CERTS). */
export function testTls(): EmulatorTls {
  const path = process.env['MI_AUDITOR_TEST_TLS'];
  if (!path)
    throw new Error('MI_AUDITOR_TEST_TLS is not set: run the tests through vitest (test/globalSetup.ts).');
  return JSON.parse(readFileSync(path, 'utf8')) as EmulatorTls;
}

const issuers = new Map<string, Promise<TokenIssuer>>();

/**
 * Starts an emulator with the test CA. Emulators of one tenant share a signing key, so a token
 * cached by the identity SDK stays valid when a test starts a second emulator. The caller stops it.
 */
export async function startTestEmulator(
  fixture: unknown,
  options: Omit<EmulatorOptions, 'fixture' | 'tls'> = {},
): Promise<RunningEmulator> {
  const raw = (fixture as { tenantId?: unknown }).tenantId;
  const tenantId = typeof raw === 'string' ? raw.toLowerCase() : '';
  let issuer = issuers.get(tenantId);
  if (!issuer) {
    issuer = TokenIssuer.create(tenantId);
    issuers.set(tenantId, issuer);
  }
  return startEmulator({ fixture, tls: testTls(), issuer: await issuer, ...options });
}

/** Points the identity SDK and mi-auditor at the emulator for the current test file. */
export function useEmulatorEnv(emulator: RunningEmulator, stub: (name: string, value: string) => void): void {
  for (const [k, v] of Object.entries(emulator.env)) if (k !== 'NODE_EXTRA_CA_CERTS') stub(k, v);
}
