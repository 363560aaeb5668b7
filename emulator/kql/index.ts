/** The emulator's KQL engine: run queries over in-memory tables, and validate query texts. */
export { KqlError, type KqlErrorKind } from './kqlError.js';
export { runQuery, parseOrThrow, type RunOptions, type QueryResult } from './runQuery.js';
export { validateQuery, type QueryDiagnostic } from './validateQuery.js';
export { ARG_SCHEMAS, LOG_ANALYTICS_SCHEMAS } from './schemas.js';
export { tableFromObjects } from './tableFromObjects.js';
export { Timespan, toKqlString } from './values.js';
export type { Column, KqlTable, KqlType, Value } from './values.js';
