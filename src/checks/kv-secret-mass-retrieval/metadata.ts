import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'kv-secret-mass-retrieval',
  title: 'One caller read many distinct secrets of a vault',
  area: 'keyvault',
  severity: 'high',
  severityRules: 'high',
  description:
    "From the vaults' audit logs, finds callers that successfully read at least KV_MASS_RETRIEVAL_THRESHOLD (default 25) distinct secrets of one vault in the look-back window. Distinct secret names are counted, not calls, so a workload re-reading its one secret is not a finding.",
  risk: 'Reading many secrets at once is how credentials are harvested after a compromise (MITRE ATT&CK T1555); Microsoft Sentinel\'s "Mass secret retrieval" rule watches for the same.',
  remediation: {
    text: 'Confirm the caller and why it needed that many secrets; if unexpected, revoke its access, rotate the secrets it read, and investigate its sign-ins.',
    cli: 'az role assignment list --assignee <principalId> --scope <vaultId>',
  },
  references: [
    { framework: 'MCSB', control: 'LT-1' },
    { framework: 'MCSB', control: 'DP-8' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/key-vault/general/monitor-key-vault',
  needs: ['resourceGraph', 'keyVaultLogs'],
};
