import { columnIndex, type Row } from '../compileExpression.js';
import { KqlError, unsupported } from '../kqlError.js';
import {
  children,
  classOf,
  firstToken,
  nameText,
  positionOf,
  type SyntaxNode,
  textOf,
  tokens,
} from '../kustoSyntax.js';
import { isNull, type KqlTable, valueKey } from '../values.js';
import { type OperatorContext } from './operatorContext.js';

type JoinKind =
  | 'innerunique'
  | 'inner'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftanti'
  | 'rightanti'
  | 'leftsemi'
  | 'rightsemi';
const JOIN_KINDS: Record<string, JoinKind> = {
  innerunique: 'innerunique',
  inner: 'inner',
  leftouter: 'leftouter',
  rightouter: 'rightouter',
  fullouter: 'fullouter',
  leftanti: 'leftanti',
  anti: 'leftanti',
  leftantisemi: 'leftanti',
  rightanti: 'rightanti',
  rightantisemi: 'rightanti',
  leftsemi: 'leftsemi',
  rightsemi: 'rightsemi',
};

/** `join kind=... (right) on keys`: a hash join indexed on the right side. */
export function join(op: SyntaxNode, left: KqlTable, cx: OperatorContext): KqlTable {
  const parts = children(op);
  let kind: JoinKind = 'innerunique';
  for (const p of parts.filter((c) => classOf(c) === 'NamedParameter')) {
    const [key, value] = children(p);
    const k = String(firstToken(key)?.Text ?? '').toLowerCase();
    if (k === 'kind') {
      const v = textOf(value).toLowerCase();
      const mapped = JOIN_KINDS[v];
      if (!mapped) throw unsupported(`join kind=${v}`, positionOf(p));
      kind = mapped;
    } else if (k !== 'hint.strategy' && !k.startsWith('hint'))
      throw unsupported(`join parameter ${k}`, positionOf(p));
  }
  const onClause = parts.find((c) => classOf(c) === 'JoinOnClause');
  if (!onClause) throw unsupported('join without an on clause', positionOf(op));
  const rightNode = parts.find((c) => c !== onClause && classOf(c) !== 'NamedParameter');
  const right = cx.evaluate(rightNode, cx.lets);

  const pairs: { l: number; r: number }[] = [];
  const visit = (n: SyntaxNode) => {
    const cls = classOf(n);
    if (cls === 'NameReference') {
      const name = nameText(n);
      pairs.push({ l: columnIndex(left, name, n), r: columnIndex(right, name, n) });
    } else if (cls === 'BinaryExpression' && tokens(n)[0]?.Text?.toLowerCase() === 'and') {
      children(n).forEach(visit);
    } else if (cls === 'BinaryExpression' && tokens(n)[0]?.Text === '==') {
      const sides = children(n).map((s: SyntaxNode) => {
        const [base, col] = children(s);
        const which = base ? nameText(base) : '';
        if (classOf(s) !== 'PathExpression' || !/^\$(left|right)$/.test(which)) {
          throw unsupported(`join condition '${textOf(n)}' (use $left.a == $right.b)`, positionOf(n));
        }
        return { which, name: nameText(col) };
      });
      const l = sides.find((s) => s.which === '$left');
      const r = sides.find((s) => s.which === '$right');
      if (!l || !r)
        throw new KqlError(
          'semantic',
          `join condition '${textOf(n)}' must compare $left with $right`,
          positionOf(n),
        );
      pairs.push({ l: columnIndex(left, l.name, n), r: columnIndex(right, r.name, n) });
    } else throw unsupported(`join condition '${textOf(n)}'`, positionOf(n));
  };
  children(onClause).forEach(visit);

  const keyOf = (row: Row, side: 'l' | 'r'): string | undefined => {
    const vals = pairs.map((p) => row[p[side]] ?? null);
    return vals.some(isNull) ? undefined : vals.map(valueKey).join('\u0001');
  };
  let leftRows = left.rows;
  if (kind === 'innerunique') {
    const seen = new Set<string | undefined>();
    leftRows = left.rows.filter((r) => {
      const k = keyOf(r, 'l');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  const rightIndex = new Map<string, Row[]>();
  for (const r of right.rows) {
    const k = keyOf(r, 'r');
    if (k === undefined) continue;
    const list = rightIndex.get(k);
    if (list) list.push(r);
    else rightIndex.set(k, [r]);
  }

  if (kind === 'leftsemi' || kind === 'leftanti') {
    const want = kind === 'leftsemi';
    return {
      columns: left.columns,
      rows: leftRows.filter((r) => rightIndex.has(keyOf(r, 'l') ?? '\u0000') === want),
    };
  }
  const leftKeys = new Set(leftRows.map((r) => keyOf(r, 'l')).filter((k): k is string => k !== undefined));
  if (kind === 'rightsemi' || kind === 'rightanti') {
    const want = kind === 'rightsemi';
    return {
      columns: right.columns,
      rows: right.rows.filter((r) => leftKeys.has(keyOf(r, 'r') ?? '\u0000') === want),
    };
  }

  const leftNames = new Set(left.columns.map((c) => c.name));
  const rightColumns = right.columns.map((c) => {
    let name = c.name;
    let n = 1;
    while (leftNames.has(name)) name = `${c.name}${n++}`;
    leftNames.add(name);
    return { name, type: c.type };
  });
  const columns = [...left.columns, ...rightColumns];
  const nullLeft = left.columns.map(() => null);
  const nullRight = right.columns.map(() => null);
  const rows: Row[] = [];
  const matchedRight = new Set<Row>();
  for (const l of leftRows) {
    const k = keyOf(l, 'l');
    const matches = k === undefined ? undefined : rightIndex.get(k);
    if (matches) {
      for (const r of matches) {
        rows.push([...l, ...r]);
        matchedRight.add(r);
      }
    } else if (kind === 'leftouter' || kind === 'fullouter') rows.push([...l, ...nullRight]);
  }
  if (kind === 'rightouter' || kind === 'fullouter') {
    for (const r of right.rows) if (!matchedRight.has(r)) rows.push([...nullLeft, ...r]);
  }
  return { columns, rows };
}
