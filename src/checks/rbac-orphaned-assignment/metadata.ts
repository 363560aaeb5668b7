import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'rbac-orphaned-assignment',
  title: 'Role assignment to a principal that no longer exists',
  area: 'roles',
  severity: 'low',
  severityRules: 'low',
  description:
    'Finds role assignments whose principal id is absent from the directory (Microsoft Graph directoryObjects/getByIds returned nothing for it). When the directory could not be read the check reports error rather than calling assignments orphaned.',
  risk: 'Orphaned assignments clutter reviews and hide real grants; if an object id were ever restored, the access would come back with it.',
  remediation: {
    text: 'Delete the assignment.',
    cli: 'az role assignment delete --ids <roleAssignmentId>',
  },
  references: [
    // No CIS control asks for this; 4.0 6.3.4 (periodic review of privileged assignments) was cited
    // loosely before. MCSB PA-4 is "Review and reconcile user access regularly".
    { framework: 'MCSB', control: 'PA-4' },
  ],
  learnUrl: 'https://learn.microsoft.com/azure/role-based-access-control/troubleshooting',
  needs: ['roleAssignments', 'directory'],
};
