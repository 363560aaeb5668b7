import { compileExpression, defaultColumnName, type Row } from '../compileExpression.js';
import { unsupported } from '../kqlError.js';
import { children, classOf, nameText, positionOf, type SyntaxNode, textOf } from '../kustoSyntax.js';
import { coerce, isNull, KQL_TYPES, type KqlTable, type KqlType, Timespan, type Value } from '../values.js';
import { type OperatorContext } from './operatorContext.js';

/** `mv-expand`: one row per element of an array (or per key of a bag), as in Kusto. */
export function mvExpand(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const scope = cx.scope(input.columns);
  const expansions = children(op).filter((c) => classOf(c) === 'MvExpandExpression');
  if (expansions.length !== 1) throw unsupported('mv-expand of several columns at once', positionOf(op));
  const params = children(op).filter((c) => classOf(c) === 'NamedParameter');
  if (params.some((p) => /bagexpansion\s*=\s*array/i.test(textOf(p))))
    throw unsupported('mv-expand bagexpansion=array', positionOf(op));
  // `limit N`: at most N rows from each input row (Kusto's mv-expand RowLimit). Resource Graph
  // also caps it by default (128) and at most (400) (learn.microsoft.com/azure/governance/resource-graph/concepts/query-language);
  // the emulator applies only the limit a query states.
  const limitClause = children(op).find((c) => classOf(c) === 'MvExpandRowLimitClause');
  const rowLimit = limitClause ? Number(textOf(limitClause).replace(/^\s*limit\s*/i, '')) : Infinity;
  const [exprNode, toType] = children(expansions[0]);
  let name: string | undefined;
  let valueNode = exprNode;
  if (classOf(exprNode) === 'SimpleNamedExpression') {
    const [decl, expr] = children(exprNode);
    name = nameText(decl);
    valueNode = expr;
  }
  name ??= defaultColumnName(valueNode) ?? 'Column1';
  const compiled = compileExpression(valueNode, scope);
  let type: KqlType = 'dynamic';
  if (toType) {
    const typeName = textOf(toType)
      .replace(/^to\s+typeof\s*\(\s*|\s*\)$/gi, '')
      .toLowerCase();
    type = (KQL_TYPES as readonly string[]).includes(typeName) ? (typeName as KqlType) : 'dynamic';
  }
  const columns = [...input.columns];
  let target = columns.findIndex((c) => c.name === name);
  if (target >= 0) columns[target] = { name, type };
  else {
    columns.push({ name, type });
    target = columns.length - 1;
  }
  const rows: Row[] = [];
  for (const row of input.rows) {
    const v = compiled.fn(row);
    // Rows whose value is null or an empty array or bag produce no rows, as in Kusto.
    let items: unknown[];
    if (Array.isArray(v)) items = v;
    else if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Timespan)) {
      items = Object.entries(v).map(([k, x]) => ({ [k]: x }));
    } else if (isNull(v)) items = [];
    else items = [v];
    for (const item of items.length > rowLimit ? items.slice(0, rowLimit) : items) {
      const out = row.slice();
      out[target] = type === 'dynamic' ? (item as Value) : coerce(item, type);
      rows.push(out);
    }
  }
  return { columns, rows };
}
