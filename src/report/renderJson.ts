import type { AuditReport } from './reportModel.js';
import { streamJson } from './streamJson.js';

/** `findings.json`: the report model itself, written finding by finding (never as one string). */
export function* renderJson(report: AuditReport): Generator<string> {
  yield* streamJson(report, 2);
  yield '\n';
}
