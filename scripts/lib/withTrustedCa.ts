import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createEmulatorTls, type EmulatorTls } from '../../emulator/tls/certificateAuthority.js';

/**
 * Node trusts extra CAs only from NODE_EXTRA_CA_CERTS read at process start. The first call makes
 * this run's CA and runs the same script again in a child that trusts it (as a user's app would),
 * returning undefined; in that child it returns the TLS material to serve with. The folder that
 * carries the CA and the key to the child is removed when the child exits.
 */
export function withTrustedCa(variable: string): EmulatorTls | undefined {
  const path = process.env[variable];
  if (path) return JSON.parse(readFileSync(path, 'utf8')) as EmulatorTls;
  const dir = mkdtempSync(join(tmpdir(), 'mi-auditor-ca-'));
  const tls = createEmulatorTls();
  writeFileSync(join(dir, 'ca.crt'), tls.caCertPem);
  writeFileSync(join(dir, 'tls.json'), JSON.stringify(tls));
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt'), [variable]: join(dir, 'tls.json') },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  // The folder holds the emulator's TLS private key: it lives only as long as the run.
  child.on('exit', (code) => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(code ?? 1);
  });
  return undefined;
}
