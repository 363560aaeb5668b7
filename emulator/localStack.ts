import type { TenantFixture } from './fixture/tenantFixture.js';
import type { TokenIssuer } from './identity/tokenIssuer.js';
import { startAzurite, type RunningAzurite } from './startAzurite.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './startEmulator.js';
import type { EmulatorTls } from './tls/certificateAuthority.js';

export interface LocalStack {
  emulator: RunningEmulator;
  azurite: RunningAzurite;
  /** Every app setting that points mi-auditor at this local Azure (except NODE_EXTRA_CA_CERTS). */
  settings: Record<string, string>;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  fixture: unknown;
  tls: EmulatorTls;
  /** Azurite's data folder (kept between runs); default temporary. */
  state?: string;
  /**
   * An Azurite already running, used instead of starting one and left running by `stop()`: tests
   * that audit several tenants one after another over the same storage start Azurite once.
   */
  azurite?: RunningAzurite;
  quota?: EmulatorOptions['quota'];
  issuer?: TokenIssuer;
  armPageSize?: number;
}

/**
 * The emulator and Azurite together, and the settings that make mi-auditor use them: the same
 * settings an Azure deployment has, pointed at 127.0.0.1.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const emulator = await startEmulator({
    fixture: options.fixture,
    tls: options.tls,
    ...(options.quota ? { quota: options.quota } : {}),
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.armPageSize ? { armPageSize: options.armPageSize } : {}),
  });
  let azurite: RunningAzurite;
  try {
    azurite = options.azurite ?? (await startAzurite(options.state));
  } catch (e) {
    await emulator.stop();
    throw e;
  }
  const ownsAzurite = !options.azurite;
  const { NODE_EXTRA_CA_CERTS: _ca, ...env } = emulator.env;
  const ownStorage = auditorStorageAccountId(emulator.fixture);
  return {
    emulator,
    azurite,
    settings: {
      ...env,
      AzureWebJobsStorage: azurite.connectionString,
      ...(ownStorage ? { AUDITOR_STORAGE_ACCOUNT_ID: ownStorage } : {}),
    },
    async stop() {
      await Promise.all([emulator.stop(), ownsAzurite ? azurite.stop() : undefined]);
    },
  };
}

/**
 * The auditor's own storage account in a fixture (the storage account in the auditor's resource
 * group), as a deployment names it in AUDITOR_STORAGE_ACCOUNT_ID; undefined when there is none.
 */
export function auditorStorageAccountId(fixture: TenantFixture): string | undefined {
  const auditorGroup = fixture.auditor.resourceId.toLowerCase().replace(/\/providers\/.*$/, '');
  return fixture.resources.find(
    (r) =>
      r.type.toLowerCase() === 'microsoft.storage/storageaccounts' &&
      r.id.toLowerCase().startsWith(`${auditorGroup}/`),
  )?.id;
}
