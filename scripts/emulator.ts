/**
 * `npm run emulator -- --tenant FILE [--port N]`: the local Azure emulator alone. Prints the settings
 * that point mi-auditor (or any Azure SDK client) at it, then serves until interrupted.
 */
import { readFileSync } from 'node:fs';

import { Command, InvalidArgumentError } from 'commander';

import { FixtureError } from '../emulator/fixture/tenantFixture.js';
import { startEmulator } from '../emulator/startEmulator.js';

const program = new Command('emulator')
  .description('Serve a tenant fixture over the real Azure wire protocols on 127.0.0.1.')
  .requiredOption('--tenant <file>', 'tenant fixture (JSON, format: docs/tenant-fixture.md)')
  .option('--port <n>', 'HTTPS port for the APIs (default: a free port)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new InvalidArgumentError('--port must be a port number');
    return n;
  })
  .option('--quota <n>', 'Resource Graph requests per 5-second window per caller', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError('--quota must be a positive whole number');
    return n;
  })
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));

program.parse();
const opts = program.opts<{ tenant: string; port?: number; quota?: number }>();

let fixture: unknown;
try {
  fixture = JSON.parse(readFileSync(opts.tenant, 'utf8'));
} catch (e) {
  console.error(`--tenant: cannot read ${opts.tenant}: ${(e as Error).message}`);
  process.exit(2);
}

try {
  const emulator = await startEmulator({
    fixture,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.quota ? { quota: { requests: opts.quota } } : {}),
  });
  console.log(`Azure emulator for tenant ${emulator.fixture.tenantId} is listening on 127.0.0.1.`);
  console.log(
    'Point mi-auditor at it with these settings (NODE_EXTRA_CA_CERTS must be set when Node starts):\n',
  );
  for (const [k, v] of Object.entries(emulator.env)) console.log(`export ${k}=${JSON.stringify(v)}`);
  console.log('\nPress Ctrl+C to stop.');
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof FixtureError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
