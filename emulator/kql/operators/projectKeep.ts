import { type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable } from '../values.js';
import { namePatterns, selectColumns } from './columnPatterns.js';

/** `project-keep`: keeps the named columns, in their input order. */
export function projectKeep(op: SyntaxNode, input: KqlTable): KqlTable {
  const patterns = namePatterns(op);
  const keep = input.columns
    .map((c, i) => (patterns.some((p) => p.test(c.name)) ? i : -1))
    .filter((i) => i >= 0);
  return selectColumns(input, keep);
}
