import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The project's flat config, as ESLint loads it (a JavaScript module without type declarations).
const { default: config } = (await import(pathToFileURL(resolve('eslint.config.js')).href)) as {
  default: Linter.Config[];
};

/** The project's own `no-restricted-syntax` setting for src/ (eslint.config.js), run on snippets. */
function spreadRule(): Linter.RuleEntry {
  const block = config.find(
    (b) => b.rules?.['no-restricted-syntax'] && b.files?.some((f) => String(f).startsWith('src/')),
  );
  if (!block?.rules) throw new Error('eslint.config.js has no no-restricted-syntax block for src/');
  return block.rules['no-restricted-syntax']!;
}

function violations(code: string): number {
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          rules: { 'no-restricted-syntax': spreadRule() },
        },
      ],
      'src/probe.ts',
    )
    .filter((m) => m.ruleId === 'no-restricted-syntax').length;
}

describe('the lint rule against spread arguments (#15)', () => {
  it('refuses an array spread into push, Math.max or a constructor', () => {
    expect(violations('declare const rows: number[]; const out: number[] = []; out.push(...rows);')).toBe(1);
    expect(violations('declare const xs: number[]; Math.max(0, ...xs);')).toBe(1);
    expect(
      violations('declare const xs: number[]; f(...xs.map((x) => x + 1)); function f(..._: number[]) {}'),
    ).toBe(1);
    expect(violations('declare const xs: number[]; new Array(...xs);')).toBe(1);
  });

  it('allows a literal array, a choice between two literals, and spreads that are not arguments', () => {
    expect(violations('declare const a: number; f(...[a, 1]); function f(..._: number[]) {}')).toBe(0);
    expect(violations('declare const c: boolean; f(...(c ? [1] : [])); function f(..._: number[]) {}')).toBe(
      0,
    );
    expect(violations('declare const xs: number[]; const ys = [...xs]; const o = { ...ys };')).toBe(0);
    expect(violations('declare const xs: number[]; const ys = xs.concat(xs);')).toBe(0);
  });
  // `npm run lint` applies the rule to the whole code base; no second pass here.
});
