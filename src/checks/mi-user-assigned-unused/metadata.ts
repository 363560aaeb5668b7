import type { CheckMetadata } from '../types.js';

export const metadata: CheckMetadata = {
  id: 'mi-user-assigned-unused',
  title: 'User-assigned managed identity attached to nothing',
  area: 'identity',
  severity: 'low',
  severityRules:
    'low; medium if the identity still holds role assignments (in a scoped run, also those outside its scope)',
  description:
    'Finds user-assigned identities that no resource of any type lists in its identity (every reference read from Resource Graph, Batch pools included, and the children Resource Graph does not hold, listed over ARM under their parents: Machine Learning computes, dev center project environment types, Spring Apps apps, Service Fabric applications), that no Azure Policy assignment runs as (deployIfNotExists and modify remediations; read over ARM at every subscription and the management groups above it) and that have no federated identity credential (workload identity federation uses an identity without attaching it). A run scoped to some subscriptions or management groups still looks for uses of its identities in every readable subscription and group outside the scope, and counts the roles they hold there.',
  risk: 'An unused identity that keeps role assignments is standing access nobody watches; anyone who can attach it to a resource they control inherits its rights.',
  remediation: {
    text: 'Delete the identity, or remove its role assignments if it is kept for later use.',
    cli: 'az identity delete --ids <resourceId>',
  },
  references: [
    { framework: 'MCSB', control: 'IM-3' },
    { framework: 'MCSB', control: 'PA-4' },
  ],
  learnUrl:
    'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-manage-user-assigned-managed-identities',
  // Tenant-wide: an identity may be attached to a resource, or named by a policy assignment, in any
  // subscription or management group, so one unread scope leaves every identity's use unknown.
  needs: [
    { source: 'resourceGraph', scope: 'tenant' },
    { source: 'policyAssignments', scope: 'tenant' },
    'roleAssignments',
    'federatedCredentials',
    // A scoped run's reads outside it: where its identities are attached, which roles they hold.
    { source: 'identityUse', scope: 'tenant' },
  ],
};
