import { unsupported } from './kqlError.js';
import { classOf, firstToken, positionOf, type SyntaxNode } from './kustoSyntax.js';
import { as } from './operators/as.js';
import { count } from './operators/count.js';
import { distinct } from './operators/distinct.js';
import { join } from './operators/join.js';
import { mvExpand } from './operators/mvExpand.js';
import type { OperatorContext, TabularOperator } from './operators/operatorContext.js';
import { parse } from './operators/parse.js';
import { extend, project } from './operators/project.js';
import { projectAway } from './operators/projectAway.js';
import { projectKeep } from './operators/projectKeep.js';
import { projectRename } from './operators/projectRename.js';
import { sort } from './operators/sort.js';
import { summarize } from './operators/summarize.js';
import { take } from './operators/take.js';
import { top } from './operators/top.js';
import { union } from './operators/union.js';
import { where } from './operators/where.js';
import type { KqlTable } from './values.js';

/**
 * The supported pipe operators by the class name of their node in Microsoft's Kusto syntax tree. To
 * support another operator, add a file under `operators/` and a line here; anything not listed fails
 * with "... is not supported by the emulator" rather than a wrong answer.
 */
const OPERATORS: Readonly<Record<string, TabularOperator>> = {
  FilterOperator: where,
  ProjectOperator: project,
  ExtendOperator: extend,
  ProjectAwayOperator: projectAway,
  ProjectKeepOperator: projectKeep,
  ProjectRenameOperator: projectRename,
  SummarizeOperator: summarize,
  CountOperator: count,
  DistinctOperator: distinct,
  SortOperator: sort,
  TopOperator: top,
  TakeOperator: take,
  MvExpandOperator: mvExpand,
  JoinOperator: join,
  UnionOperator: union,
  AsOperator: as,
  ParseOperator: parse,
};

/** Applies one pipe operator (`where`, `summarize`, ...) to a table. */
export function applyOperator(op: SyntaxNode, input: KqlTable, cx: OperatorContext): KqlTable {
  const operator = OPERATORS[classOf(op)];
  if (!operator) {
    const keyword = String(firstToken(op)?.Text ?? classOf(op));
    throw unsupported(`The operator '${keyword}'`, positionOf(op));
  }
  return operator(op, input, cx);
}
