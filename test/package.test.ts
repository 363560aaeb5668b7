import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

function* tsFiles(dir: string): Generator<string> {
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(rel);
    else if (e.name.endsWith('.ts')) yield rel;
  }
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

describe('the deployment package (npm run package)', () => {
  it('needs only production dependencies: nothing the app runs imports a devDependency', () => {
    const production = new Set(Object.keys(pkg.dependencies));
    const missing: string[] = [];
    for (const file of [...tsFiles('src'), ...tsFiles('functions')]) {
      const source = readFileSync(join(root, file), 'utf8');
      for (const m of source.matchAll(/^\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+'([^'.][^']*)'/gm)) {
        const name = packageOf(m[1]!);
        if (name.startsWith('node:') || builtinModules.includes(name)) continue;
        if (!production.has(name)) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
