/**
 * `npm run package`: the deployment package for Azure, with only what runs there: the compiled code
 * (dist/), host.json, package.json and the production dependencies (no test tooling, no TypeScript,
 * no emulator). Writes mi-auditor.zip, ready for
 * `az functionapp deployment source config-zip --src mi-auditor.zip` (README "Deploy").
 */
import { execFileSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { finished } from 'node:stream/promises';

import { ZipFile } from 'yazl';

const root = resolve(import.meta.dirname, '..');
const stage = join(root, '.package');
const out = join(root, 'mi-auditor.zip');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage);
// Compiled straight into the stage: the checkout's own dist/ (which bin/mi-auditor.js prefers) is
// left as it was, so a package build never leaves stale code for the CLI to run.
execFileSync(npm, ['exec', '--', 'tsc', '-p', 'tsconfig.build.json', '--outDir', join(stage, 'dist')], {
  cwd: root,
  stdio: 'inherit',
});
for (const name of ['host.json', 'package.json', 'package-lock.json'])
  cpSync(join(root, name), join(stage, name), { recursive: true });
execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
  cwd: stage,
  stdio: 'inherit',
});

const zip = new ZipFile();
let unpacked = 0;
let count = 0;
for (const path of files(stage)) {
  if (/\.(map|d\.ts|md)$/i.test(path) && path.includes('node_modules')) continue;
  zip.addFile(path, relative(stage, path).split('\\').join('/'));
  unpacked += statSync(path).size;
  count++;
}
zip.end();
await finished(zip.outputStream.pipe(createWriteStream(out)));
rmSync(stage, { recursive: true, force: true });
console.log(`mi-auditor.zip: ${count} files, ${mib(unpacked)} unpacked, ${mib(statSync(out).size)} zipped`);
