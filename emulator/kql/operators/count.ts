import { type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable } from '../values.js';

/** `count`: one row, one `Count` column. */
export function count(_op: SyntaxNode, input: KqlTable): KqlTable {
  return { columns: [{ name: 'Count', type: 'long' }], rows: [[input.rows.length]] };
}
