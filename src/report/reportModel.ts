import type { CheckFinding, Reference } from '../checks/types.js';
import type { SourceError } from '../collect/snapshot.js';
import type { Severity } from '../severity.js';

/**
 * The report: `findings.json` (schema: schemas/findings.schema.json, docs/contract.md). Every other
 * output (dashboard, Markdown, SARIF, CSV, alerts) is rendered from it.
 */
export interface AuditReport {
  schemaVersion: 1;
  runId: string;
  tenantId: string;
  trigger: 'timer' | 'http' | 'cli';
  startedAt: string;
  finishedAt: string;
  status: 'complete' | 'partial' | 'failed';
  coverage: {
    subscriptions: { subscriptionId: string; displayName: string; read: boolean }[];
    workspaces: { workspaceId: string; resourceId: string; read: boolean }[];
    errors: CoverageError[];
    /** How the Key Vault audit-log check decided, and the window of log analysis. */
    rules: { kvAuditLogging: string; kvLogWindow: string; roleData?: string };
    /** The tenant's managed-identity adoption rate (mi-resource-without-identity's catalogue types). */
    managedIdentityAdoption?: ManagedIdentityAdoption;
  };
  summary: {
    bySeverity: Record<Severity, number>;
    new: number;
    existing: number;
    reopened: number;
    resolved: number;
    suppressed: number;
  };
  checks: CheckSummary[];
  findings: ReportFinding[];
  resolved: ResolvedFinding[];
  /** Past runs, newest last, for the dashboard's trend. */
  trend: TrendPoint[];
  /** The management groups read, for the dashboard's tree (names in findings' managementGroupPath). */
  managementGroups?: { name: string; displayName: string; parent: string | null }[];
  /** What the run was asked to cover; absent lists mean everything the auditor can read. */
  scope?: { subscriptions?: string[]; managementGroups?: string[]; checks?: string[] };
}

/**
 * Of the resources of types that support a managed identity (and that the check evaluates), how many
 * have one: the tenant's adoption rate, per type and per subscription (Resource Graph `summarize`).
 */
export interface ManagedIdentityAdoption {
  resources: number;
  withIdentity: number;
  /** False when part of the counts could not be read (see coverage.errors). */
  complete: boolean;
  byType: { type: string; service: string; resources: number; withIdentity: number }[];
  bySubscription: { subscriptionId: string; resources: number; withIdentity: number }[];
}

export interface CoverageError {
  source: SourceError['source'] | 'pipeline';
  scope: string;
  statusCode?: number;
  code?: string;
  message: string;
}

export interface CheckSummary {
  id: string;
  title: string;
  severity: Severity;
  area: string;
  status: 'pass' | 'fail' | 'error';
  evaluated: number;
  failed: number;
  /** Items the check read and left out on purpose, by reason (e.g. resources in managed resource groups). */
  notEvaluated?: { reason: string; count: number }[];
  error?: string;
  description: string;
  risk: string;
  remediation: { text: string; cli: string };
  references: Reference[];
  /** The Microsoft Learn page that explains the control. */
  learnUrl?: string;
}

export type FindingState = 'new' | 'existing' | 'reopened';

/**
 * A finding as the report carries it: what the check said (its discriminator only feeds the id,
 * src/pipeline/fingerprint.ts), with the remediation always filled in, references, dates and state.
 */
export interface ReportFinding extends Omit<CheckFinding, 'discriminator' | 'remediation'> {
  id: string;
  remediation: { text: string; cli: string };
  references: Reference[];
  firstSeen: string;
  lastSeen: string;
  state: FindingState;
  suppressed?: { reason: string; expires: string };
  /** Resource group of the resource, or of the scope for role findings. */
  resourceGroup?: string;
  /** The subscription's display name. */
  subscriptionName?: string;
  /** Management groups above the finding's subscription (or scope), root first, by name. */
  managementGroupPath?: string[];
  /** The resource's tags as Resource Graph returned them. */
  tags?: Record<string, string>;
  /** Who should act: the owner tag's value (OWNER_TAG), else for role findings the principal. */
  owner?: string;
  ownerSource?: 'tag' | 'principal';
  /** The principal's display name (and UPN) from the directory. */
  principalName?: string;
  /** Whole days since the finding was first seen. */
  ageDays?: number;
  /** The resource's portal blade, the scope's access control blade, the check's Microsoft Learn page. */
  links?: { portal?: string; accessControl?: string; learn?: string };
}

export interface ResolvedFinding {
  id: string;
  checkId: string;
  resourceId: string;
  principalId?: string;
  /** As last reported, so that a resolved item can be described. */
  severity?: Severity;
  title?: string;
  firstSeen?: string;
}

export interface TrendPoint {
  runId: string;
  finishedAt: string;
  status: AuditReport['status'];
  bySeverity: Record<Severity, number>;
  /** Findings that appeared and were resolved in that run. */
  new?: number;
  resolved?: number;
  /** Median age in days of the run's open findings. */
  medianAgeDays?: number;
  /**
   * Values an older run record lacked, derived from the findings history (see
   * pipeline/trendPoints.ts): counts are lower bounds, a median leaves out suppressions.
   */
  derived?: ('bySeverity' | 'new' | 'resolved' | 'medianAgeDays')[];
}
