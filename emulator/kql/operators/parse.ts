import { compileExpression, parseStringLiteral } from '../compileExpression.js';
import { unsupported } from '../kqlError.js';
import { children, classOf, nameText, positionOf, type SyntaxNode, textOf } from '../kustoSyntax.js';
import { coerce, type Column, type KqlTable, type KqlType, toKqlString } from '../values.js';
import { type OperatorContext } from './operatorContext.js';

/** `parse expr with "literal" name:type ...`: simple mode only; captures become columns. */
export function parse(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const parts = children(op);
  const params = parts.filter((c) => classOf(c) === 'NamedParameter');
  if (params.length) throw unsupported('parse with parameters (kind=regex/relaxed)', positionOf(op));
  const [sourceNode, ...pattern] = parts;
  const source = compileExpression(sourceNode, cx.scope(input.columns));
  let re = '^';
  const captures: Column[] = [];
  pattern.forEach((p, i) => {
    const cls = classOf(p);
    if (cls === 'LiteralExpression') {
      re += parseStringLiteral(textOf(p)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (cls === 'NameDeclaration' || cls === 'NameAndTypeDeclaration') {
      const [decl, typeNode] = cls === 'NameAndTypeDeclaration' ? children(p) : [p, undefined];
      const type = (typeNode ? textOf(typeNode).toLowerCase() : 'string') as KqlType;
      captures.push({ name: nameText(decl), type });
      re += i === pattern.length - 1 ? '(.*)' : '(.*?)';
    } else if (cls === 'StarExpression') {
      re += '.*?';
    } else throw unsupported(`parse pattern element '${textOf(p)}'`, positionOf(p));
  });
  const regex = new RegExp(re, 's');
  const columns = [...input.columns];
  const targets = captures.map((c) => {
    const i = columns.findIndex((x) => x.name === c.name);
    if (i >= 0) {
      columns[i] = c;
      return i;
    }
    columns.push(c);
    return columns.length - 1;
  });
  return {
    columns,
    rows: input.rows.map((r) => {
      const out = r.slice();
      while (out.length < columns.length) out.push(null);
      const m = regex.exec(toKqlString(source.fn(r)));
      captures.forEach(
        (c, i) => (out[targets[i]!] = m ? coerce(m[i + 1], c.type) : c.type === 'string' ? '' : null),
      );
      return out;
    }),
  };
}
