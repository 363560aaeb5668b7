import { children, nameText, type SyntaxNode } from '../kustoSyntax.js';
import { type KqlTable } from '../values.js';

/** The operator's column names as patterns (`*` is a wildcard), for project-away and project-keep. */
export function namePatterns(op: SyntaxNode): RegExp[] {
  return children(op).map((n) => {
    const text = nameText(n);
    return new RegExp(
      `^${text
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
  });
}

/** The table reduced to the columns at `keep`, in that order. */
export function selectColumns(input: KqlTable, keep: number[]): KqlTable {
  return {
    columns: keep.map((i) => input.columns[i]!),
    rows: input.rows.map((r) => keep.map((i) => r[i] ?? null)),
  };
}
