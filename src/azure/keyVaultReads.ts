/**
 * Key Vault audit operations that read a secret, a key or a certificate (OperationName in
 * AZKVAuditLogs / AzureDiagnostics; Microsoft Learn, "Azure Key Vault logging"). "Read a vault" in
 * the secrets checks means one of these answered 2xx: refused and list-only calls do not count.
 */
export const VAULT_READ_OPERATIONS: ReadonlySet<string> = new Set(['secretget', 'keyget', 'certificateget']);

/** True for a successful read of a secret, key or certificate. */
export function isVaultRead(operation: string, httpStatus: number): boolean {
  return httpStatus >= 200 && httpStatus <= 299 && VAULT_READ_OPERATIONS.has(operation.toLowerCase());
}

/**
 * Key Vault audit operations that return a secret's, key's or certificate's material: a get, a
 * backup, a deleted item's get. Not lists: a list gives "only the base secret identifier and its
 * attributes ... The secret values and individual secret versions are not listed" (Azure SDK,
 * SecretClient.listPropertiesOfSecrets). kv-non-managed-identity-caller reports these callers.
 */
export const MATERIAL_READ_OPERATION = /^(Secret|Key|Certificate)(Get|Backup|GetDeleted)$/i;

/** True for a successful call that returned a secret's, key's or certificate's material. */
export function isMaterialRead(operation: string, httpStatus: number): boolean {
  return httpStatus >= 200 && httpStatus <= 299 && MATERIAL_READ_OPERATION.test(operation);
}
