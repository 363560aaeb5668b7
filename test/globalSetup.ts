import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createEmulatorTls } from '../emulator/tls/certificateAuthority.js';

/**
 * Makes one CA for the whole test run and trusts it the way a user would, through
 * NODE_EXTRA_CA_CERTS: Node reads that variable only at process start, so it is set here, before
 * vitest forks its workers, which inherit it. Emulators started in tests use this CA's certificate.
 */
export default function setup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'mi-auditor-test-ca-'));
  const tls = createEmulatorTls();
  writeFileSync(join(dir, 'ca.crt'), tls.caCertPem);
  writeFileSync(join(dir, 'tls.json'), JSON.stringify(tls));
  process.env['NODE_EXTRA_CA_CERTS'] = join(dir, 'ca.crt');
  process.env['MI_AUDITOR_TEST_TLS'] = join(dir, 'tls.json');
}
