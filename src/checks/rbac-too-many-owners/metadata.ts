import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'rbac-too-many-owners',
  title: 'Subscription has too many owners, or fewer than two',
  area: 'roles',
  severity: 'medium',
  severityRules: 'medium for more than RBAC_MAX_OWNERS owners; low for fewer than two (a finding of its own)',
  description:
    'Counts, per subscription, the distinct principals holding Owner (or a role with equal effective permissions) at the subscription itself or inherited from a management group above it or the tenant root, and finds subscriptions with more than RBAC_MAX_OWNERS (default 3), and, as a separate finding, subscriptions whose only owner, active or PIM-eligible, is a single principal (CIS 5.27 asks for between two and three; a subscription with no owner is not reported: standing owners are what rbac-privileged-role-broad-scope flags). A group counts once. PIM-eligible owners are listed but not counted.',
  risk: 'Every owner can change anything and grant anything; the more of them, the more accounts an attacker can use to take the subscription.',
  remediation: {
    text: 'Keep two or three standing owners (ideally groups with few members): move the rest to Contributor or to PIM-eligible Owner, or add a second owner where there is only one.',
    cli: 'az role assignment list --role Owner --scope /subscriptions/<subscriptionId> --include-inherited',
  },
  references: [
    { framework: 'CIS Microsoft Azure Foundations 5.0.0', control: '5.27' },
    { framework: 'CIS Microsoft Azure Foundations 6.0.0', control: '5.7' },
    { framework: 'MCSB', control: 'PA-1' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/role-based-access-control/best-practices',
  // PIM eligibilities decide "fewer than two": an eligible owner counts (see evaluate.ts), so a
  // subscription whose eligibility list went unread is one this check cannot clear.
  needs: ['subscriptions', 'roleAssignments', 'roleDefinitions', 'roleEligibility'],
};
