import { createRequire } from 'node:module';

/**
 * Microsoft's own KQL parser (Kusto.Language, compiled to JavaScript with Bridge.NET) and small
 * helpers to walk its syntax tree. The package defines globals when loaded; it is loaded once, on
 * first use, because loading takes a few hundred milliseconds.
 */

export type SyntaxNode = any;

interface KustoGlobals {
  Kusto: any;
  System: any;
}

let kusto: any;
let system: any;

export function kustoLanguage(): any {
  if (!kusto) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    const g = globalThis as unknown as KustoGlobals;
    kusto = g.Kusto.Language;
    system = g.System;
  }
  return kusto;
}

/** Bridge.NET list to array. */
export function toArray<T = any>(list: any): T[] {
  return Array.from({ length: list?.Count ?? 0 }, (_, i) => list.getItem(i));
}

const kindNames = new Map<number, string>();

/** The node's SyntaxKind name, e.g. `EqualExpression`. */
export function kindOf(node: SyntaxNode): string {
  const k = node.Kind as number;
  let name = kindNames.get(k);
  if (name === undefined) {
    kustoLanguage();
    name = system.Enum.toString(kusto.Syntax.SyntaxKind, k) as string;
    kindNames.set(k, name);
  }
  return name;
}

/** The node's class name without namespace, e.g. `FilterOperator`. */
export function classOf(node: SyntaxNode): string {
  return String(node.constructor.$$name)
    .replace('Kusto.Language.Syntax.', '')
    .replace(/^SyntaxList\$1.*/, 'List')
    .replace(/^SeparatedElement\$1.*/, 'SeparatedElement');
}

/** Child nodes, with lists and separated elements flattened and tokens left out. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    for (let i = 0; i < n.ChildCount; i++) {
      const c = n.GetChild(i);
      if (!c || c.IsToken) continue;
      const cls = classOf(c);
      if (cls === 'List' || cls === 'SeparatedElement') visit(c);
      else out.push(c);
    }
  };
  visit(node);
  return out;
}

/** Tokens directly under a node (lists flattened). */
export function tokens(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    for (let i = 0; i < n.ChildCount; i++) {
      const c = n.GetChild(i);
      if (!c) continue;
      if (c.IsToken) out.push(c);
      else if (classOf(c) === 'List' || classOf(c) === 'SeparatedElement') visit(c);
    }
  };
  visit(node);
  return out;
}

/** The first token below a node. */
export function firstToken(node: SyntaxNode): SyntaxNode {
  if (node.IsToken) return node;
  for (let i = 0; i < node.ChildCount; i++) {
    const c = node.GetChild(i);
    if (!c) continue;
    const t = firstToken(c);
    if (t) return t;
  }
  return undefined;
}

/** A name as written, without the brackets and quotes of `['a name']`. */
export function nameText(node: SyntaxNode): string {
  const text = String(node.IsToken ? node.Text : textOf(node)).trim();
  const bracketed = /^\[\s*(['"])(.*)\1\s*\]$/.exec(text);
  return bracketed ? bracketed[2]! : text;
}

/** Source text of a node, with the whitespace between its tokens (not around it). */
export function textOf(node: SyntaxNode): string {
  return String(node.ToString(kustoLanguage().Syntax.IncludeTrivia.Interior)).trim();
}

/** Offset of the node in the query text. */
export function positionOf(node: SyntaxNode): number {
  return Number(node.TextStart ?? 0);
}
