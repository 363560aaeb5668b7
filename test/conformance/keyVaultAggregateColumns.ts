/**
 * The columns of the Key Vault aggregate query's answer (src/collect/queries.ts), in its order and
 * with Log Analytics' types: what the replay tests wrap recorded answers in. Dynamic columns come
 * as JSON text and datetimes as ISO text, as the typed-columns recording shows.
 */
export const KEY_VAULT_AGGREGATE_COLUMNS = [
  ['vaultId', 'string'],
  ['operation', 'string'],
  ['httpStatus', 'int'],
  ['callerKey', 'string'],
  ['events', 'long'],
  ['distinctObjects', 'long'],
  ['callerIps', 'dynamic'],
  ['firstSeen', 'datetime'],
  ['lastSeen', 'datetime'],
  ['tables', 'dynamic'],
  ['callerObjectId', 'string'],
  ['callerAppId', 'string'],
  ['callerUpn', 'string'],
  ['callerIdType', 'string'],
  ['callerMiResourceId', 'string'],
].map(([name, type]) => ({ name: name!, type: type! }));
