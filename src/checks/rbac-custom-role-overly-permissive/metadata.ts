import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'rbac-custom-role-overly-permissive',
  title: 'Custom role can write everything or grant access',
  area: 'roles',
  severity: 'high',
  severityRules: 'high; critical if the role is assigned anywhere',
  description:
    "Resolves each custom role's effective permissions (actions minus notActions and dataActions minus notDataActions, per permission block, with Azure's case-insensitive wildcards) and finds roles that can write (create or change) every resource type, with or without delete, write role assignments or role definitions, elevate access, or perform every data action. A role with */read alone is not a finding, and neither is a wildcard confined to one provider.",
  risk: 'A custom role equal to Owner hides administrator rights behind an innocent name, and escapes reviews that look for the built-in Owner.',
  remediation: {
    text: 'Replace wildcards with the specific actions the role needs, or add notActions for Microsoft.Authorization writes; prefer built-in roles.',
    cli: 'az role definition update --role-definition <role.json>',
  },
  references: [
    { framework: 'CIS Microsoft Azure Foundations 2.0.0', control: '1.23' },
    { framework: 'CIS Microsoft Azure Foundations 3.0.0', control: '2.23' },
    { framework: 'CIS Microsoft Azure Foundations 5.0.0', control: '5.23' },
    { framework: 'CIS Microsoft Azure Foundations 6.0.0', control: '5.4' },
    { framework: 'MCSB', control: 'PA-7' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/role-based-access-control/custom-roles',
  needs: [{ source: 'roleDefinitions', scope: 'tenant' }, 'roleAssignments'],
};
