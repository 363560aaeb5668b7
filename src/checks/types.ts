import type { AuditSnapshot, SourceName } from '../collect/snapshot.js';
import type { Severity } from '../severity.js';
import type { SnapshotView } from './lib/snapshotView.js';

/** A compliance reference: a CIS Microsoft Azure Foundations control or a Microsoft cloud security benchmark id. */
export interface Reference {
  framework: string;
  control: string;
}

/** What a check is, for people: the report, the dashboard and SARIF rules are made from it. */
export interface CheckMetadata {
  id: string;
  title: string;
  area: 'identity' | 'keyvault' | 'roles' | 'secrets' | 'self';
  /** The severity of the check; individual findings may differ as `severityRules` says. */
  severity: Severity;
  severityRules: string;
  description: string;
  risk: string;
  remediation: { text: string; cli: string };
  references: Reference[];
  /** The Microsoft Learn page that explains the control and its fix (dashboard and SARIF `helpUri`). */
  learnUrl?: string;
  /**
   * What the check reads: the one declaration the pipeline acts on. When a needed source could not
   * be read for a scope, the pipeline marks the check `error` with the reason and resolves none of
   * its findings in that scope. A bare source name reads it at the source's usual scope (see
   * `needScope`); `{ source, scope }` says otherwise.
   */
  needs: (SourceName | Need)[];
  /** How the check judges, in one line, where the report's coverage states it (`coverage.rules`). */
  coverageRule?: string;
}

/**
 * Where a check reads a source, and so what an error of that source blinds it to:
 * - `tenant`: everything (any error of the source makes the check `error` everywhere);
 * - `subscription`: the subscription in the error's scope (an error above subscriptions: everything);
 * - `resource`: the resource in the error's scope (a subscription-wide error: that subscription);
 * - `vaultWorkspaces`: Key Vault logs, in the Log Analytics workspaces each vault's diagnostic
 *   settings send to (a vault whose workspace was not queried, or failed, is not observed);
 * - `self`: the check reads the source but accounts for its errors itself (a fallback).
 */
export type NeedScope = 'tenant' | 'subscription' | 'resource' | 'vaultWorkspaces' | 'self';

/** A source a check reads, at a scope. */
export interface Need {
  source: SourceName;
  scope: NeedScope;
}

/** What the pipeline and settings give a check besides the snapshot. Checks never read a clock. */
export interface CheckContext {
  now: Date;
  kvMassRetrievalThreshold: number;
  maxOwners: number;
  /** app-credential-expiry's horizon in days (APP_CREDENTIAL_EXPIRY_DAYS); 30 when not given. */
  appCredentialExpiryDays?: number;
  /** Resource id of the app's own storage account (its data roles are not excess permissions). */
  auditorStorageAccountId?: string;
  /** The app's own Application Insights and data collection rule (telemetry publishing there is not excess). */
  auditorTelemetryResourceIds?: readonly string[];
}

/** A failure found by a check, before history gives it an id, a state and dates. */
export interface CheckFinding {
  checkId: string;
  severity: Severity;
  title: string;
  message: string;
  resourceId: string;
  subscriptionId?: string;
  principalId?: string;
  /** Distinguishes several findings of one check on one resource and principal (an operation, say). */
  discriminator?: string;
  evidence: Record<string, unknown>;
  /** This finding's own remediation (real ids filled in), where it differs from the check's. */
  remediation?: { text: string; cli: string };
}

/** The outcome of one check. */
export interface CheckResult {
  findings: CheckFinding[];
  /** How many items (resources, vaults, assignments, ...) the check looked at. */
  evaluated: number;
  /** Why part of the check's data could not be read; any entry makes the check `error`. */
  errors: string[];
  /** Items read but left out on purpose, counted by reason ("managed resource group"), so nothing disappears silently. */
  notEvaluated?: { reason: string; count: number }[];
}

/**
 * A check: its metadata and a pure evaluation. The pipeline passes one SnapshotView, built once per
 * run, as the third argument; a check written with `withSnapshotView` (src/checks/lib/) can also be
 * called with the snapshot alone (as unit tests do).
 */
export interface Check {
  metadata: CheckMetadata;
  evaluate(snapshot: AuditSnapshot, context: CheckContext, view: SnapshotView): CheckResult;
}
