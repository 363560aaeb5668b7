import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'auditor-excess-permissions',
  title: "The auditor's own identity can do more than read",
  area: 'self',
  severity: 'high',
  severityRules: 'high',
  description:
    "Resolves the effective permissions of every role assigned to mi-auditor's own managed identity (learned from its token's oid claim), directly or through the groups it belongs to, nested ones included (Microsoft Graph transitiveMemberOf; when they cannot be read the check is error), and finds grants that allow anything but reads and log queries. Not counted: Microsoft.Support/*, which Azure's reader roles carry, and data roles on the app's own storage account (AUDITOR_STORAGE_ACCOUNT_ID), which it needs to keep its reports.",
  risk: 'A security tool with write access is a prime target: whoever takes over the Function App inherits every right of its identity across the tenant.',
  remediation: {
    text: 'Give the identity Reader (or Log Analytics Reader where it queries logs) at the management group it audits, and nothing else.',
    cli: 'az role assignment delete --ids <roleAssignmentId> && az role assignment create --assignee-object-id <principalId> --role Reader --scope <managementGroupScope>',
  },
  references: [
    { framework: 'MCSB', control: 'PA-7' },
    { framework: 'MCSB', control: 'IM-3' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices',
  needs: ['roleAssignments', 'roleDefinitions'],
};
