import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

import type { AuditorConfig } from '../config.js';
import { boundedClientOptions, RETRY_DELAY_MS } from './boundedWaits.js';

/**
 * The credential mi-auditor runs as. In Azure: its managed identity, user-assigned when
 * AZURE_CLIENT_ID is set, else system-assigned; it holds no secret. The CLI uses
 * DefaultAzureCredential so that a person can run an audit with their own sign-in. Tests and the
 * demo reach the emulator through this same code, via IDENTITY_ENDPOINT and IDENTITY_HEADER.
 */
export function createCredential(
  config: AuditorConfig,
  kind: 'managedIdentity' | 'default',
  { retryDelayInMs = RETRY_DELAY_MS }: { retryDelayInMs?: number } = {},
): TokenCredential {
  // Token requests are bounded like every other call: a hung identity endpoint fails the run.
  const bounded = boundedClientOptions(undefined, { requestTimeoutMs: 30_000, retryDelayInMs });
  if (kind === 'default') {
    return new DefaultAzureCredential({
      ...bounded,
      ...(config.clientId ? { managedIdentityClientId: config.clientId } : {}),
    });
  }
  return new ManagedIdentityCredential({
    ...bounded,
    ...(config.clientId ? { clientId: config.clientId } : {}),
  });
}
