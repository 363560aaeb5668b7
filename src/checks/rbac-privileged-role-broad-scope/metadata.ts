import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'rbac-privileged-role-broad-scope',
  title: 'Privileged role assigned at management-group or subscription scope',
  area: 'roles',
  severity: 'high',
  severityRules:
    'critical at a management group or the tenant root; high at a subscription; medium for Contributor-level roles; one step lower when an ABAC condition limits which roles a delegation role can assign; PIM eligibilities one step lower than the active equivalent',
  description:
    "Finds assignments of Owner, User Access Administrator, Role Based Access Control Administrator, Contributor, or any role whose effective permissions (actions minus notActions, wildcards resolved) equal one of them, at management-group, tenant-root or subscription scope. Writing every provider's resources is Contributor-level with or without delete; role-assignment writes that a condition in the role's own definition constrains (Key Vault Data Access Administrator may grant only the Key Vault data roles) are access delegation one step lower, as an assignment's condition is. PIM-eligible assignments are reported as eligible, one step lower; an eligibility's activation (a role assignment that lasts while it is activated) is not reported as a standing grant.",
  risk: 'A privileged role at a broad scope reaches every resource below it; one compromised principal then controls whole subscriptions, and with delegation rights can grant itself anything.',
  remediation: {
    text: 'Assign the narrowest role at the narrowest scope (resource group or resource), and make remaining privileged access PIM-eligible rather than standing.',
    cli: 'az role assignment delete --ids <roleAssignmentId>',
  },
  references: [
    { framework: 'CIS Microsoft Azure Foundations 4.0.0', control: '6.3.3' },
    { framework: 'CIS Microsoft Azure Foundations 5.0.0', control: '5.3.3' },
    { framework: 'MCSB', control: 'PA-1' },
    { framework: 'MCSB', control: 'PA-7' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices',
  needs: ['roleAssignments', 'roleDefinitions', 'roleEligibility'],
};
