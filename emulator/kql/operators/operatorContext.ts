import { type LetBinding, type Scope } from '../compileExpression.js';
import { type SyntaxNode } from '../kustoSyntax.js';
import { type Column, type KqlTable } from '../values.js';

/** Evaluates a tabular expression; the runner passes itself in so operators can nest. */
export type TabularEvaluator = (node: SyntaxNode, lets: Map<string, LetBinding>) => KqlTable;

/** What an operator needs besides its input: column scopes, nested evaluation and `let` bindings. */
export interface OperatorContext {
  scope: (columns: Column[]) => Scope;
  evaluate: TabularEvaluator;
  lets: Map<string, LetBinding>;
  /** Records a warning the answer carries (an unresolvable operand of a fuzzy union). */
  warn: (message: string) => void;
}

/** One pipe operator (`where`, `summarize`, ...): its syntax node applied to the input table. */
export type TabularOperator = (op: SyntaxNode, input: KqlTable, cx: OperatorContext) => KqlTable;
