import { kustoLanguage, toArray } from './kustoSyntax.js';
import type { Column } from './values.js';

export interface QueryDiagnostic {
  code: string;
  message: string;
  start: number;
  length: number;
}

const cache = new Map<string, any>();

function globalsFor(schemas: Record<string, Column[]>): any {
  const key = JSON.stringify(schemas);
  let globals = cache.get(key);
  if (!globals) {
    const K = kustoLanguage();
    const tables = Object.entries(schemas).map(
      ([name, columns]) =>
        new K.Symbols.TableSymbol.$ctor7(
          name,
          `(${columns.map((c) => `['${c.name}']:${c.type}`).join(', ')})`,
          null,
        ),
    );
    globals = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.$ctor2('db', null, tables));
    cache.set(key, globals);
  }
  return globals;
}

/**
 * Checks a query against table schemas with Microsoft's Kusto language service: unknown tables and
 * columns, wrong argument types and syntax errors, exactly as Azure's own front end reports them.
 * Used in tests for every query text the auditor ships, so a query that would fail in Azure fails here.
 */
export function validateQuery(text: string, schemas: Record<string, Column[]>): QueryDiagnostic[] {
  const K = kustoLanguage();
  const code = K.KustoCode.ParseAndAnalyze(text, globalsFor(schemas));
  return toArray(code.GetDiagnostics())
    .filter((d: any) => String(d.Severity) === 'Error')
    .map((d: any) => ({
      code: String(d.Code),
      message: String(d.Message),
      start: Number(d.Start),
      length: Number(d.Length),
    }));
}
