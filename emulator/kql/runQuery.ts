import { compileExpression, type LetBinding, type Scope } from './compileExpression.js';
import { KqlError, unsupported } from './kqlError.js';
import {
  children,
  classOf,
  kustoLanguage,
  nameText,
  positionOf,
  textOf,
  toArray,
  type SyntaxNode,
} from './kustoSyntax.js';
import { applyOperator } from './applyOperator.js';
import { materialize } from './lazyTable.js';
import type { OperatorContext } from './operators/operatorContext.js';
import { unionSource } from './operators/union.js';
import type { Column, KqlTable } from './values.js';

export interface RunOptions {
  /** The clock for now() and ago(): the fixture's `now`. */
  now: Date;
  /** Resource Graph resolves table names case-insensitively (`Resources`, `resources`). */
  caseInsensitiveTables?: boolean;
  /**
   * Told of each warning the query raises while it still answers: a `union isfuzzy=true` operand that
   * could not be resolved ("any resolution failure yields a warning in the query status results",
   * Kusto's union operator).
   */
  onWarning?: (message: string) => void;
}

/** The result of a query: typed columns and rows (values in KQL's JavaScript representation). */
export type QueryResult = KqlTable;

/**
 * Parses a query with Microsoft's parser and throws its first syntax error, with the position.
 *
 * The same steps as `KustoCode.Parse` (tokens with end tokens, then `QueryParser.ParseQuery`, the
 * parser `Parse` itself uses for queries by default), without the part `Parse` does only to keep
 * it on the result: building the combinator `QueryGrammar`, which takes about a second of CPU on first
 * use in every process and is never used here. Control commands (text starting with `.`) still go
 * through `KustoCode.Parse`, unchanged.
 */
export function parseOrThrow(text: string): SyntaxNode {
  const K = kustoLanguage();
  let syntax: SyntaxNode;
  if (K.KustoCode.GetKind(text) === K.Editor.CodeKinds.Command) {
    syntax = K.KustoCode.Parse(text).Syntax;
  } else {
    const options = K.GlobalState.Default.ParseOptions.WithAlwaysProduceEndTokens(true);
    const tokens = K.Parsing.TokenParser.ParseTokens(text, options);
    syntax = new K.Syntax.SyntaxTree(K.Parsing.QueryParser.ParseQuery(tokens, 0, options)).Root;
  }
  const diagnostics = toArray(syntax.GetContainedSyntaxDiagnostics()).filter(
    (d: any) => String(d.Severity) === 'Error',
  );
  const first = diagnostics[0];
  if (first) {
    const start = Number(first.Start);
    const before = text.slice(0, start);
    const line = before.split('\n').length;
    const col = start - before.lastIndexOf('\n');
    throw new KqlError(
      'syntax',
      `Syntax error at line ${line}, position ${col} (offset ${start}): ${String(first.Message)}`,
      start,
    );
  }
  return syntax;
}

/**
 * Runs a KQL query over in-memory tables. Everything the emulator does not implement fails with a
 * "not supported by the emulator" error naming the construct, never with a wrong answer.
 */
export function runQuery(text: string, tables: Record<string, KqlTable>, options: RunOptions): QueryResult {
  const syntax = parseOrThrow(text);
  // Names only: a table is read when the query resolves it, so a caller may pass getters and build
  // only the tables a query names (Resource Graph's million-row `resources` for a subscription list).
  const lowerTables = new Map(Object.keys(tables).map((k) => [k.toLowerCase(), k]));
  const lets = new Map<string, LetBinding>();
  const ctx = { now: options.now };

  const scope = (columns: Column[], bindings: Map<string, LetBinding> = lets): Scope => ({
    columns,
    lets: bindings,
    ctx,
    tabular: evaluate,
  });

  function resolveTable(node: SyntaxNode, bindings: Map<string, LetBinding>): KqlTable {
    const name = nameText(node);
    const bound = bindings.get(name);
    if (bound?.kind === 'table') return bound.table();
    const lowerName = options.caseInsensitiveTables ? lowerTables.get(name.toLowerCase()) : undefined;
    const table = tables[name] ?? (lowerName === undefined ? undefined : tables[lowerName]);
    if (!table) {
      throw new KqlError(
        'semantic',
        `Failed to resolve table or column expression named '${name}'`,
        positionOf(node),
      );
    }
    return table;
  }

  function evaluate(node: SyntaxNode, bindings: Map<string, LetBinding>): KqlTable {
    const cx: OperatorContext = {
      scope: (c) => scope(c, bindings),
      evaluate,
      lets: bindings,
      warn: (message) => options.onWarning?.(message),
    };
    switch (classOf(node)) {
      case 'NameReference':
        return resolveTable(node, bindings);
      case 'ParenthesizedExpression':
        return evaluate(children(node)[0], bindings);
      case 'PipeExpression': {
        const [input, op] = children(node);
        return applyOperator(op, evaluate(input, bindings), cx);
      }
      case 'UnionOperator':
        return unionSource(node, cx);
      default:
        throw unsupported(`The tabular expression '${textOf(node).slice(0, 60)}'`, positionOf(node));
    }
  }

  const isTabular = (node: SyntaxNode): boolean => {
    const cls = classOf(node);
    if (cls === 'PipeExpression' || cls === 'UnionOperator') return true;
    if (cls === 'ParenthesizedExpression') return isTabular(children(node)[0]);
    if (cls === 'NameReference') {
      const name = nameText(node);
      if (lets.get(name)?.kind === 'table') return true;
      return (
        name in tables || (options.caseInsensitiveTables === true && lowerTables.has(name.toLowerCase()))
      );
    }
    return false;
  };

  let result: KqlTable | undefined;
  for (const statement of children(syntax)) {
    const cls = classOf(statement);
    if (cls === 'LetStatement') {
      const [decl, expr] = children(statement);
      const name = nameText(decl);
      if (classOf(expr) === 'FunctionDeclaration')
        throw unsupported(`The user-defined function '${name}'`, positionOf(expr));
      if (isTabular(expr)) {
        const snapshot = new Map(lets);
        let cached: KqlTable | undefined;
        // Computed once: a table named twice must not be computed twice.
        lets.set(name, { kind: 'table', table: () => (cached ??= materialize(evaluate(expr, snapshot))) });
      } else {
        const c = compileExpression(expr, scope([]));
        lets.set(name, { kind: 'scalar', value: c.fn([]), type: c.type });
      }
    } else if (cls === 'ExpressionStatement') {
      result ??= evaluate(children(statement)[0], lets);
    } else if (cls !== 'List') {
      throw unsupported(`The statement '${textOf(statement).slice(0, 60)}'`, positionOf(statement));
    }
  }
  if (!result) throw new KqlError('semantic', 'The query has no tabular expression to return.');
  return materialize(result);
}
