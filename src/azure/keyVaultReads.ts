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
