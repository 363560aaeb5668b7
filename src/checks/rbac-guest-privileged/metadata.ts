import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'rbac-guest-privileged',
  title: 'Guest user holds a privileged role',
  area: 'roles',
  severity: 'high',
  severityRules: 'high; medium for a PIM eligibility',
  description:
    'Finds guest users (userType Guest, or #EXT# in the user principal name) holding Owner, User Access Administrator, Role Based Access Control Administrator, Contributor or an equal role at any scope, active or PIM-eligible.',
  risk: "A guest's account is governed by another organisation: its password policy, MFA and leaver process are not yours.",
  remediation: {
    text: 'Remove the assignment, or give the person a member account under your own policies.',
    cli: 'az role assignment delete --ids <roleAssignmentId>',
  },
  references: [
    // Guest users are reviewed on a regular basis (5.3.5 is disabled accounts, not guests).
    { framework: 'CIS Microsoft Azure Foundations 2.0.0', control: '1.5' },
    { framework: 'CIS Microsoft Azure Foundations 3.0.0', control: '2.4' },
    { framework: 'CIS Microsoft Azure Foundations 4.0.0', control: '6.3.2' },
    { framework: 'CIS Microsoft Azure Foundations 5.0.0', control: '5.3.2' },
    { framework: 'MCSB', control: 'PA-1' },
    { framework: 'MCSB', control: 'IM-1' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/role-based-access-control/role-assignments-external-users',
  needs: ['roleAssignments', 'roleDefinitions', 'roleEligibility', 'directory'],
};
