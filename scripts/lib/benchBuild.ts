/**
 * The audit process of `npm run bench` runs compiled JavaScript, as it does in Azure (`npm run
 * build` / `npm run package` compile with tsc), not through tsx: tsx's loader thread, on-the-fly
 * transpiling and source maps would count hundreds of MiB and seconds of CPU against the auditor
 * that a deployed function app never spends. esbuild (the compiler tsx itself uses) writes one
 * module with the dependencies left as imports, in well under a second.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Compiles `scripts/lib/benchAudit.ts` and what it imports from `src/` into one ES module under
 * `node_modules/.cache` (so that Node resolves the dependencies from the project's node_modules),
 * and answers its path.
 */
export async function buildBenchAudit(): Promise<string> {
  const outfile = join(root, 'node_modules', '.cache', 'mi-auditor-bench', `benchAudit-${process.pid}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(root, 'scripts', 'lib', 'benchAudit.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  return outfile;
}
