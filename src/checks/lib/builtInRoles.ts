/**
 * GUIDs of the built-in roles the checks name. They are the same in every tenant
 * (learn.microsoft.com, "Azure built-in roles").
 */
export const BUILT_IN_ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  roleBasedAccessControlAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
} as const;

/** Key Vault data-plane roles: they belong on a vault, not on a whole subscription. */
export const KEY_VAULT_DATA_ROLES: Record<string, string> = {
  '00482a5a-887f-4fb3-b363-3b7fe8e74483': 'Key Vault Administrator',
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7': 'Key Vault Secrets Officer',
  '14b46e9e-c2b7-41b4-b07b-48a6ebf60603': 'Key Vault Crypto Officer',
  'a4417e6f-fecd-4de8-b567-7b0420556985': 'Key Vault Certificates Officer',
  '4633458b-17de-408a-b874-0445c86b69e6': 'Key Vault Secrets User',
  '12338af0-0e69-4776-bea7-57ae8d297424': 'Key Vault Crypto User',
  'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba': 'Key Vault Certificate User',
  'e147488a-f6f5-4113-8e2d-b22465e65bf6': 'Key Vault Crypto Service Encryption User',
  // Releases exportable keys (data action Microsoft.KeyVault/vaults/keys/release/action).
  '08bbd89e-9f13-488c-ac41-acfcb10c90ab': 'Key Vault Crypto Service Release User',
  '21090545-7ca7-4776-b22c-e363652d74d2': 'Key Vault Reader',
  '8b54135c-b56d-4d72-a534-26097cfdc8d8': 'Key Vault Data Access Administrator',
};
