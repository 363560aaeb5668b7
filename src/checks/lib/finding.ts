import { subscriptionOf } from '../../azure/scopes.js';
import type { Severity } from '../../severity.js';
import type { CheckFinding, CheckMetadata } from '../types.js';

/** What a check says about one failure; the rest comes from its metadata. */
export type FindingFields = Omit<CheckFinding, 'checkId' | 'title' | 'severity'> & {
  /** Defaults to the check's severity. */
  severity?: Severity;
};

/**
 * A finding of the check `metadata` describes: its id and title filled in, its severity the
 * check's unless the finding says otherwise. `subscriptionId` (lower-case) is what history uses to
 * know whether a later run looked at the finding again, so give it whenever the resource has one.
 *
 * ```ts
 * findings.push(finding(metadata, { resourceId: vault.id, subscriptionId, message, evidence }));
 * ```
 */
export function finding(
  metadata: Pick<CheckMetadata, 'id' | 'title' | 'severity'>,
  fields: FindingFields,
): CheckFinding {
  return {
    checkId: metadata.id,
    title: metadata.title,
    ...fields,
    severity: fields.severity ?? metadata.severity,
  };
}

/** The target of a finding about a role assignment or eligibility: its id, subscription and principal. */
export function grantTarget(grant: { id: string; scope: string; principalId: string }): {
  resourceId: string;
  subscriptionId?: string;
  principalId: string;
} {
  const subscriptionId = subscriptionOf(grant.scope);
  return {
    resourceId: grant.id,
    ...(subscriptionId ? { subscriptionId } : {}),
    principalId: grant.principalId,
  };
}
