import type { Check } from './types.js';
import { evaluate as miResourceWithoutIdentityEvaluate } from './mi-resource-without-identity/evaluate.js';
import { metadata as miResourceWithoutIdentityMetadata } from './mi-resource-without-identity/metadata.js';
import { evaluate as miUserAssignedUnusedEvaluate } from './mi-user-assigned-unused/evaluate.js';
import { metadata as miUserAssignedUnusedMetadata } from './mi-user-assigned-unused/metadata.js';
import { evaluate as kvAuditLoggingMissingEvaluate } from './kv-audit-logging-missing/evaluate.js';
import { metadata as kvAuditLoggingMissingMetadata } from './kv-audit-logging-missing/metadata.js';
import { evaluate as kvAccessPolicyModelEvaluate } from './kv-access-policy-model/evaluate.js';
import { metadata as kvAccessPolicyModelMetadata } from './kv-access-policy-model/metadata.js';
import { evaluate as kvAccessDeniedEvaluate } from './kv-access-denied/evaluate.js';
import { metadata as kvAccessDeniedMetadata } from './kv-access-denied/metadata.js';
import { evaluate as kvNonManagedIdentityCallerEvaluate } from './kv-non-managed-identity-caller/evaluate.js';
import { metadata as kvNonManagedIdentityCallerMetadata } from './kv-non-managed-identity-caller/metadata.js';
import { evaluate as kvSecretMassRetrievalEvaluate } from './kv-secret-mass-retrieval/evaluate.js';
import { metadata as kvSecretMassRetrievalMetadata } from './kv-secret-mass-retrieval/metadata.js';
import { evaluate as kvSensitiveOperationEvaluate } from './kv-sensitive-operation/evaluate.js';
import { metadata as kvSensitiveOperationMetadata } from './kv-sensitive-operation/metadata.js';
import { evaluate as rbacPrivilegedRoleBroadScopeEvaluate } from './rbac-privileged-role-broad-scope/evaluate.js';
import { metadata as rbacPrivilegedRoleBroadScopeMetadata } from './rbac-privileged-role-broad-scope/metadata.js';
import { evaluate as rbacCustomRoleOverlyPermissiveEvaluate } from './rbac-custom-role-overly-permissive/evaluate.js';
import { metadata as rbacCustomRoleOverlyPermissiveMetadata } from './rbac-custom-role-overly-permissive/metadata.js';
import { evaluate as rbacTooManyOwnersEvaluate } from './rbac-too-many-owners/evaluate.js';
import { metadata as rbacTooManyOwnersMetadata } from './rbac-too-many-owners/metadata.js';
import { evaluate as rbacServicePrincipalPrivilegedEvaluate } from './rbac-service-principal-privileged/evaluate.js';
import { metadata as rbacServicePrincipalPrivilegedMetadata } from './rbac-service-principal-privileged/metadata.js';
import { evaluate as rbacGuestPrivilegedEvaluate } from './rbac-guest-privileged/evaluate.js';
import { metadata as rbacGuestPrivilegedMetadata } from './rbac-guest-privileged/metadata.js';
import { evaluate as rbacKeyvaultDataRoleBroadScopeEvaluate } from './rbac-keyvault-data-role-broad-scope/evaluate.js';
import { metadata as rbacKeyvaultDataRoleBroadScopeMetadata } from './rbac-keyvault-data-role-broad-scope/metadata.js';
import { evaluate as rbacOrphanedAssignmentEvaluate } from './rbac-orphaned-assignment/evaluate.js';
import { metadata as rbacOrphanedAssignmentMetadata } from './rbac-orphaned-assignment/metadata.js';
import { evaluate as appSecretCredentialEvaluate } from './app-secret-credential/evaluate.js';
import { metadata as appSecretCredentialMetadata } from './app-secret-credential/metadata.js';
import { evaluate as appCredentialExpiryEvaluate } from './app-credential-expiry/evaluate.js';
import { metadata as appCredentialExpiryMetadata } from './app-credential-expiry/metadata.js';
import { evaluate as localAuthEnabledEvaluate } from './local-auth-enabled/evaluate.js';
import { metadata as localAuthEnabledMetadata } from './local-auth-enabled/metadata.js';
import { evaluate as auditorExcessPermissionsEvaluate } from './auditor-excess-permissions/evaluate.js';
import { metadata as auditorExcessPermissionsMetadata } from './auditor-excess-permissions/metadata.js';

/**
 * Every check, in report order. A static list rather than a folder scan: the Functions bundle must
 * not depend on the file system layout at run time, and a reader sees every check in one place.
 */
export const CHECKS: readonly Check[] = [
  { metadata: miResourceWithoutIdentityMetadata, evaluate: miResourceWithoutIdentityEvaluate },
  { metadata: miUserAssignedUnusedMetadata, evaluate: miUserAssignedUnusedEvaluate },
  { metadata: kvAuditLoggingMissingMetadata, evaluate: kvAuditLoggingMissingEvaluate },
  { metadata: kvAccessPolicyModelMetadata, evaluate: kvAccessPolicyModelEvaluate },
  { metadata: kvAccessDeniedMetadata, evaluate: kvAccessDeniedEvaluate },
  { metadata: kvNonManagedIdentityCallerMetadata, evaluate: kvNonManagedIdentityCallerEvaluate },
  { metadata: kvSecretMassRetrievalMetadata, evaluate: kvSecretMassRetrievalEvaluate },
  { metadata: kvSensitiveOperationMetadata, evaluate: kvSensitiveOperationEvaluate },
  { metadata: rbacPrivilegedRoleBroadScopeMetadata, evaluate: rbacPrivilegedRoleBroadScopeEvaluate },
  { metadata: rbacCustomRoleOverlyPermissiveMetadata, evaluate: rbacCustomRoleOverlyPermissiveEvaluate },
  { metadata: rbacTooManyOwnersMetadata, evaluate: rbacTooManyOwnersEvaluate },
  { metadata: rbacServicePrincipalPrivilegedMetadata, evaluate: rbacServicePrincipalPrivilegedEvaluate },
  { metadata: rbacGuestPrivilegedMetadata, evaluate: rbacGuestPrivilegedEvaluate },
  { metadata: rbacKeyvaultDataRoleBroadScopeMetadata, evaluate: rbacKeyvaultDataRoleBroadScopeEvaluate },
  { metadata: rbacOrphanedAssignmentMetadata, evaluate: rbacOrphanedAssignmentEvaluate },
  { metadata: localAuthEnabledMetadata, evaluate: localAuthEnabledEvaluate },
  { metadata: appSecretCredentialMetadata, evaluate: appSecretCredentialEvaluate },
  { metadata: appCredentialExpiryMetadata, evaluate: appCredentialExpiryEvaluate },
  { metadata: auditorExcessPermissionsMetadata, evaluate: auditorExcessPermissionsEvaluate },
];

/** The check with this id, if any. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.metadata.id === id);
}
