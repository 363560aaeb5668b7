import type { CheckMetadata } from '../types.js';

/** The rules the report names, so a reader knows how each vault was judged. */
export const SETTINGS_RULE =
  'diagnostic setting with category AuditEvent or category group audit/allLogs enabled, to any destination';

export const metadata: CheckMetadata = {
  id: 'kv-audit-logging-missing',
  title: 'Key Vault sends no audit logs',
  area: 'keyvault',
  severity: 'high',
  severityRules: 'high',
  description:
    "A vault passes when one of its diagnostic settings enables the category AuditEvent, or the category group audit or allLogs, to any destination (Log Analytics, Storage, Event Hubs or a partner). Retention is not required: Azure retired diagnostic-setting retention. Where a vault's settings cannot be read, it passes when its audit rows appear in a readable workspace in the look-back window; without such rows the check reports error for it rather than a finding, since an outage of the settings API proves nothing about the vault.",
  risk: 'Without audit logs nobody can tell who read which secret, key or certificate, or investigate a leak.',
  remediation: {
    text: 'Add a diagnostic setting that sends the audit category group (or AuditEvent) to a Log Analytics workspace, preferably in resource-specific mode (table AZKVAuditLogs).',
    cli: 'az monitor diagnostic-settings create --name audit-to-law --resource <vaultId> --workspace <workspaceId> --export-to-resource-specific true --logs \'[{"categoryGroup":"audit","enabled":true}]\'',
  },
  references: [
    { framework: 'CIS Microsoft Azure Foundations 2.0.0', control: '5.1.5' },
    { framework: 'CIS Microsoft Azure Foundations 3.0.0', control: '6.1.4' },
    { framework: 'CIS Microsoft Azure Foundations 4.0.0', control: '7.1.1.4' },
    { framework: 'CIS Microsoft Azure Foundations 5.0.0', control: '6.1.1.4' },
    { framework: 'MCSB', control: 'LT-3' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/key-vault/general/logging',
  needs: [
    'resourceGraph',
    // Unreadable settings fall back to the logs; the check says itself which vaults it could not judge.
    { source: 'diagnosticSettings', scope: 'self' },
    { source: 'keyVaultLogs', scope: 'self' },
  ],
  coverageRule: SETTINGS_RULE,
};
