import { type SyntaxNode } from '../kustoSyntax.js';
import { forEachRow } from '../lazyTable.js';
import { type KqlTable } from '../values.js';

/** `count`: one row, one `Count` column. */
export function count(_op: SyntaxNode, input: KqlTable): KqlTable {
  let n = 0;
  forEachRow(input, () => void n++);
  return { columns: [{ name: 'Count', type: 'long' }], rows: [[n]] };
}
