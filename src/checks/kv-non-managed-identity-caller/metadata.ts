import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'kv-non-managed-identity-caller',
  title: 'Key Vault read by a caller with its own credentials',
  area: 'keyvault',
  severity: 'high',
  severityRules: 'high',
  description:
    "From the vaults' audit logs, finds users and service principals with their own secret or certificate (not managed identities) that successfully read secrets, keys or certificates (a get, a backup, a deleted item's get; lists return no values and do not count). A service principal counts when Microsoft Graph shows it, or its app registration, holding a client secret or certificate, or when its app is registered in another tenant; one that signs in only with a federated credential does not. The caller is classified by the directory (servicePrincipalType) where it knows the object, else by the token claims logged with the request (xms_mirid is present only for managed identities; upn and idtyp mark users). Microsoft first-party services are not findings.",
  risk: 'A workload that reads a vault with a client secret has to store that secret somewhere outside the vault: the bootstrapping problem managed identities exist to remove. A person reading production secrets by hand is a leak path of its own.',
  remediation: {
    text: "Move the workload to a managed identity, grant that identity the Key Vault data role, and delete the app registration's secrets; for people, use PIM-activated access and a break-glass process.",
    cli: 'az ad app credential list --id <appId>   # then: az ad app credential delete --id <appId> --key-id <keyId>',
  },
  references: [
    { framework: 'MCSB', control: 'IM-3' },
    { framework: 'MCSB', control: 'DP-8' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/key-vault/general/authentication',
  needs: ['resourceGraph', 'keyVaultLogs', 'directory', 'applications'],
};
