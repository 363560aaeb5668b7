import type { DeliveryResult } from '../alert/deliverAlerts.js';
import type { AlertSink } from '../alert/sinks.js';
import type { Check } from '../checks/types.js';
import type { CollectPlan } from '../collect/collectSnapshot.js';
import type { ProgressListener } from '../model/progress.js';
import type { AuditorIdentity, AuditSnapshot } from '../collect/snapshot.js';
import type { AuditorConfig } from '../config.js';
import type { AuditReport } from '../report/reportModel.js';
import type { AuditStores, ReportFile } from '../store/types.js';
import type { Suppression } from '../suppress/suppressions.js';

/** Everything an audit needs from outside, injected: the same pipeline runs in Azure, the demo and tests. */
export interface AuditDeps {
  config: AuditorConfig;
  clock: () => Date;
  stores: AuditStores;
  /** Who the auditor is (from its token). */
  identify: () => Promise<AuditorIdentity & { tenantId: string }>;
  collect: (plan: CollectPlan, progress: ProgressListener) => Promise<AuditSnapshot>;
  sinks: readonly AlertSink[];
  suppressions?: () => Promise<Suppression[]>;
  checks?: readonly Check[];
  progress?: ProgressListener;
  log?: (message: string) => void;
  toolVersion: string;
}

/** What a trigger asks for; omitted fields mean "everything, as configured". */
export interface AuditRequest {
  trigger: AuditReport['trigger'];
  runId?: string;
  subscriptions?: string[];
  checks?: string[];
  lookback?: { text: string; ms: number };
}

/** What one audit produced: the report, its rendered files and what each alert sink did. */
export interface AuditResult {
  report: AuditReport;
  files: ReportFile[];
  alerts: DeliveryResult[];
}
