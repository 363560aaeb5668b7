import type { AuditSnapshot } from '../../collect/snapshot.js';
import { nonReadGrants } from '../lib/effectivePermissions.js';
import { finding, grantTarget } from '../lib/finding.js';
import { assignmentEvidence } from '../lib/roleCatalog.js';
import { createSnapshotView, type SnapshotView } from '../lib/snapshotView.js';
import { normalizeId } from '../../azure/scopes.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { metadata } from './metadata.js';

/** Blob, table and queue data (and their containers): what the app needs on its own storage. */
const STORAGE_DATA_SERVICE =
  /^Microsoft\.Storage\/storageAccounts\/(blobServices|tableServices|queueServices)\//i;

/**
 * What Monitoring Metrics Publisher grants beyond reading (Azure built-in role 3913510d): the app
 * needs it on its own Application Insights and data collection rule to send telemetry and findings
 * with Entra authentication, and nowhere else.
 */
const TELEMETRY_PUBLISHING = new Set(
  [
    'Microsoft.Insights/Register/Action',
    'Microsoft.Insights/Metrics/Write',
    'Microsoft.Insights/Telemetry/Write',
  ].map((p) => p.toLowerCase()),
);

/** `scope` is `id` or below it, comparing whole ids. */
const within = (scope: string, id: string) => scope === id || scope.startsWith(`${id}/`);

export function evaluate(
  snapshot: AuditSnapshot,
  context: CheckContext,
  view: SnapshotView = createSnapshotView(snapshot),
): CheckResult {
  const { roles } = view;
  const me = snapshot.auditor.principalId.toLowerCase();
  const ownStorage = context.auditorStorageAccountId
    ? normalizeId(context.auditorStorageAccountId)
    : undefined;
  const ownTelemetry = (context.auditorTelemetryResourceIds ?? []).map(normalizeId);
  const errors: string[] = [];
  if (snapshot.auditor.groupsUnread)
    errors.push(
      `the groups mi-auditor's identity belongs to could not be read, so the roles it holds through them are unknown: ${snapshot.auditor.groupsUnread}`,
    );
  const findings: CheckFinding[] = [];
  // Its own assignments and those of every group it is in, directly or nested: a group's role is its role.
  const through = new Map<string, string>();
  const mine = [...view.assignmentsOf(me)];
  for (const group of snapshot.auditor.groups ?? [])
    for (const a of view.assignmentsOf(group)) {
      mine.push(a);
      through.set(a.id, group);
    }
  for (const a of mine) {
    const role = roles.get(a.roleDefinitionGuid);
    if (!role) {
      errors.push(
        `role definition ${a.roleDefinitionGuid} of the auditor's assignment ${a.id} could not be read`,
      );
      continue;
    }
    const grants = nonReadGrants(role.permissions);
    // Whole ids only: `…/storageAccounts/stmiauditor01backup` is not the app's `…/stmiauditor01`.
    const scope = normalizeId(a.scope);
    const onOwnStorage = ownStorage !== undefined && within(scope, ownStorage);
    const onOwnTelemetry = ownTelemetry.some((id) => within(scope, id));
    const tolerated = (pattern: string) =>
      (onOwnStorage && STORAGE_DATA_SERVICE.test(pattern)) ||
      (onOwnTelemetry && TELEMETRY_PUBLISHING.has(pattern.toLowerCase()));
    const actions = grants.actions.filter((p) => !tolerated(p));
    const dataActions = grants.dataActions.filter((p) => !tolerated(p));
    if (actions.length === 0 && dataActions.length === 0) continue;
    findings.push(
      finding(metadata, {
        ...grantTarget(a),
        message: `mi-auditor's identity holds ${role.roleName} at ${a.scope}${through.has(a.id) ? ` through group ${view.principalLabel(through.get(a.id)!)}` : ''}, which allows ${[...actions, ...dataActions].slice(0, 5).join(', ')}: more than reading.`,
        evidence: {
          ...assignmentEvidence(a, role),
          ...(through.has(a.id) ? { throughGroup: through.get(a.id) } : {}),
          nonReadActions: actions,
          nonReadDataActions: dataActions,
        },
      }),
    );
  }
  return { findings, evaluated: mine.length, errors };
}
