import { z } from 'zod';

import { webhookUrlProblem } from './alert/webhookTarget.js';
import { GUID_PATTERN, isGuid } from './azure/guid.js';
import { ConfigError } from './errors.js';
import { SEVERITIES, type Severity } from './severity.js';
import { parseLookback } from './util/isoDuration.js';
import { ncrontabError } from './util/ncrontab.js';

/** The timer's schedule when `AUDIT_SCHEDULE` is not set: daily at 02:00 UTC. */
export const DEFAULT_AUDIT_SCHEDULE = '0 0 2 * * *';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const guid = z
  .string()
  .trim()
  .regex(GUID_PATTERN, 'must be a GUID such as 00000000-0000-0000-0000-000000000000');

const guidList = optionalText.transform((value, ctx) => {
  if (!value) return [];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!isGuid(item)) ctx.addIssue({ code: 'custom', message: `"${item}" is not a GUID` });
  }
  return items.map((s) => s.toLowerCase());
});

const nameList = optionalText.transform((value) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [],
);

const httpsUrl = (fallback?: string) =>
  optionalText.transform((value, ctx) => {
    const text = value ?? fallback;
    if (text === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a URL` });
      return z.NEVER;
    }
    if (url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `"${text}" must use https` });
      return z.NEVER;
    }
    return text.replace(/\/+$/, '');
  });

const positiveInt = (fallback: number, max = 1_000_000) =>
  optionalText.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      ctx.addIssue({ code: 'custom', message: `"${value}" must be a whole number from 1 to ${max}` });
      return z.NEVER;
    }
    return n;
  });

const severity = (fallback: Severity) =>
  optionalText.transform((value, ctx) => {
    const text = (value ?? fallback).toLowerCase();
    if (!(SEVERITIES as readonly string[]).includes(text)) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not one of ${SEVERITIES.join(', ')}` });
      return z.NEVER;
    }
    return text as Severity;
  });

const isoDuration = (fallback: string) =>
  optionalText.transform((value, ctx) => {
    const text = value ?? fallback;
    const lookback = parseLookback(text);
    if ('problem' in lookback) {
      ctx.addIssue({ code: 'custom', message: lookback.problem });
      return z.NEVER;
    }
    return lookback;
  });

/**
 * Every app setting mi-auditor reads. Keys are the setting names exactly as in Azure's app settings
 * (and the README's table), so a validation issue's path is the setting's name.
 */
const settingsSchema = z.object({
  AUDIT_SCHEDULE: optionalText.transform((value, ctx) => {
    const text = value ?? DEFAULT_AUDIT_SCHEDULE;
    const problem = ncrontabError(text);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `"${text}": ${problem}` });
      return z.NEVER;
    }
    return text;
  }),
  AUDIT_SUBSCRIPTIONS: guidList,
  AUDIT_MANAGEMENT_GROUPS: nameList,
  AZURE_CLIENT_ID: optionalText.pipe(guid.optional()),
  AZURE_TENANT_ID: optionalText.pipe(guid.optional()),
  ARM_ENDPOINT: httpsUrl('https://management.azure.com'),
  LOG_ANALYTICS_ENDPOINT: httpsUrl('https://api.loganalytics.io/v1'),
  GRAPH_ENDPOINT: httpsUrl('https://graph.microsoft.com'),
  KV_LOOKBACK: isoDuration('P7D'),
  AUDIT_COLLECT_BUDGET: isoDuration('PT8M'),
  KV_MASS_RETRIEVAL_THRESHOLD: positiveInt(25),
  RBAC_MAX_OWNERS: positiveInt(3, 1000),
  APP_CREDENTIAL_EXPIRY_DAYS: positiveInt(30, 3650),
  ALERT_MIN_SEVERITY: severity('high'),
  ALERT_WEBHOOK_URL: optionalText,
  ALERT_TEAMS_WEBHOOK_URL: optionalText,
  ALERT_WEBHOOK_ALLOW_PRIVATE: optionalText.transform((value, ctx) => {
    const text = (value ?? 'false').toLowerCase();
    if (text !== 'true' && text !== 'false') {
      ctx.addIssue({ code: 'custom', message: `"${value}" must be true or false` });
      return z.NEVER;
    }
    return text === 'true';
  }),
  ALERT_QUEUE_NAME: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/, 'must be a valid Storage queue name')
      .optional(),
  ),
  ALERT_LOGS_INGESTION_ENDPOINT: httpsUrl(),
  ALERT_LOGS_DCR_IMMUTABLE_ID: optionalText,
  ALERT_LOGS_STREAM: optionalText,
  AzureWebJobsStorage: optionalText,
  AzureWebJobsStorage__accountName: optionalText,
  AzureWebJobsStorage__blobServiceUri: httpsUrl(),
  AzureWebJobsStorage__tableServiceUri: httpsUrl(),
  AzureWebJobsStorage__queueServiceUri: httpsUrl(),
  REPORTS_CONTAINER: optionalText.transform((v) => v ?? 'reports'),
  AUDITOR_STORAGE_ACCOUNT_ID: optionalText,
  AUDITOR_TELEMETRY_RESOURCE_IDS: nameList,
  API_AUTH: optionalText.transform((value, ctx) => {
    const text = (value ?? 'keys').toLowerCase();
    if (text !== 'keys' && text !== 'entra') {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not one of keys, entra` });
      return z.NEVER;
    }
    return text;
  }),
  // Tag names: 1 to 512 characters, none of < > % & \ ? / (learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations).
  OWNER_TAG: optionalText.transform((value, ctx) => {
    const text = value ?? 'owner';
    if (text.length > 512 || /[<>%&\\?/]/.test(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not an Azure tag name (at most 512 characters, none of < > % & \\ ? /)`,
      });
      return z.NEVER;
    }
    return text;
  }),
  ROLE_DATA_SOURCE: optionalText.transform((value, ctx) => {
    const text = (value ?? 'auto').toLowerCase();
    const known = { auto: 'auto', arm: 'arm', resourcegraph: 'resourceGraph' } as const;
    if (!(text in known)) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not one of auto, arm, resourceGraph` });
      return z.NEVER;
    }
    return known[text as keyof typeof known];
  }),
});

/** How the app reaches its own storage account: Azurite's connection string, or its identity. */
export type StorageSettings =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'identity'; blobServiceUri: string; tableServiceUri: string; queueServiceUri: string };

/** The name of every app setting mi-auditor reads (the infra tests hold the templates against it). */
export const SETTING_NAMES: readonly string[] = Object.freeze(Object.keys(settingsSchema.shape));

/** Validated, frozen settings. Built by {@link loadConfig}. */
export interface AuditorConfig {
  readonly auditSchedule: string;
  readonly subscriptions: readonly string[];
  readonly managementGroups: readonly string[];
  readonly clientId: string | undefined;
  readonly tenantId: string | undefined;
  readonly endpoints: { readonly arm: string; readonly logAnalytics: string; readonly graph: string };
  readonly kvLookback: { readonly text: string; readonly ms: number };
  /**
   * How long one audit may spend reading Azure; what is unread then is a coverage error. The default
   * leaves room under host.json's 10-minute functionTimeout for evaluation, reports and history.
   */
  readonly collectBudget: { readonly text: string; readonly ms: number };
  readonly kvMassRetrievalThreshold: number;
  readonly maxOwners: number;
  /** app-credential-expiry: a secret or certificate ending within this many days is reported. */
  readonly appCredentialExpiryDays: number;
  readonly alert: {
    readonly minSeverity: Severity;
    readonly webhookUrl: string | undefined;
    readonly teamsWebhookUrl: string | undefined;
    /** Webhooks may target loopback and private addresses (never link-local): local runs, private networks. */
    readonly allowPrivateTargets: boolean;
    readonly queueName: string | undefined;
    readonly logsIngestion:
      { readonly endpoint: string; readonly dcrImmutableId: string; readonly stream: string } | undefined;
  };
  readonly storage: StorageSettings | undefined;
  readonly reportsContainer: string;
  readonly auditorStorageAccountId: string | undefined;
  /** Resource ids of the app's own Application Insights and data collection rule (AUDITOR_TELEMETRY_RESOURCE_IDS). */
  readonly auditorTelemetryResourceIds: readonly string[];
  /** Where role assignments and definitions are read: ARM lists, Resource Graph, or by tenant size. */
  readonly roleDataSource: 'auto' | 'arm' | 'resourceGraph';
  /**
   * Who may call the HTTP API: `keys` (function keys only) or `entra` (also an app role from App
   * Service Authentication's `x-ms-client-principal`, see src/handlers/apiAuthorization.ts).
   */
  readonly apiAuth: 'keys' | 'entra';
  /** The resource tag whose value names a finding's owner (OWNER_TAG, default `owner`). */
  readonly ownerTag: string;
}

/**
 * Validates every setting and returns them frozen. Throws a {@link ConfigError} naming the first bad
 * setting. Call it inside handlers, never at module load: one bad setting must fail an invocation
 * with a clear message, not stop every function from loading.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AuditorConfig {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = String(issue?.path[0] ?? 'settings');
    throw new ConfigError(setting, issue?.message ?? 'invalid');
  }
  const s = parsed.data;

  const ingestionParts = [
    s.ALERT_LOGS_INGESTION_ENDPOINT,
    s.ALERT_LOGS_DCR_IMMUTABLE_ID,
    s.ALERT_LOGS_STREAM,
  ];
  if (ingestionParts.some(Boolean) && !ingestionParts.every(Boolean)) {
    const missing = [
      'ALERT_LOGS_INGESTION_ENDPOINT',
      'ALERT_LOGS_DCR_IMMUTABLE_ID',
      'ALERT_LOGS_STREAM',
    ].find((_, i) => !ingestionParts[i]);
    throw new ConfigError(
      missing ?? 'ALERT_LOGS_STREAM',
      'the three ALERT_LOGS_* settings must be set together',
    );
  }

  for (const setting of ['ALERT_WEBHOOK_URL', 'ALERT_TEAMS_WEBHOOK_URL'] as const) {
    const url = s[setting];
    const problem = url && webhookUrlProblem(url, { allowPrivate: s.ALERT_WEBHOOK_ALLOW_PRIVATE });
    if (problem) throw new ConfigError(setting, problem);
  }

  return deepFreeze({
    auditSchedule: s.AUDIT_SCHEDULE,
    subscriptions: s.AUDIT_SUBSCRIPTIONS,
    managementGroups: s.AUDIT_MANAGEMENT_GROUPS,
    clientId: s.AZURE_CLIENT_ID,
    tenantId: s.AZURE_TENANT_ID,
    endpoints: {
      arm: s.ARM_ENDPOINT ?? 'https://management.azure.com',
      logAnalytics: s.LOG_ANALYTICS_ENDPOINT ?? 'https://api.loganalytics.io/v1',
      graph: s.GRAPH_ENDPOINT ?? 'https://graph.microsoft.com',
    },
    kvLookback: s.KV_LOOKBACK,
    collectBudget: s.AUDIT_COLLECT_BUDGET,
    kvMassRetrievalThreshold: s.KV_MASS_RETRIEVAL_THRESHOLD,
    appCredentialExpiryDays: s.APP_CREDENTIAL_EXPIRY_DAYS,
    maxOwners: s.RBAC_MAX_OWNERS,
    alert: {
      minSeverity: s.ALERT_MIN_SEVERITY,
      webhookUrl: s.ALERT_WEBHOOK_URL,
      teamsWebhookUrl: s.ALERT_TEAMS_WEBHOOK_URL,
      allowPrivateTargets: s.ALERT_WEBHOOK_ALLOW_PRIVATE,
      queueName: s.ALERT_QUEUE_NAME,
      logsIngestion:
        s.ALERT_LOGS_INGESTION_ENDPOINT && s.ALERT_LOGS_DCR_IMMUTABLE_ID && s.ALERT_LOGS_STREAM
          ? {
              endpoint: s.ALERT_LOGS_INGESTION_ENDPOINT,
              dcrImmutableId: s.ALERT_LOGS_DCR_IMMUTABLE_ID,
              stream: s.ALERT_LOGS_STREAM,
            }
          : undefined,
    },
    storage: storageSettings(s),
    reportsContainer: s.REPORTS_CONTAINER,
    auditorStorageAccountId: s.AUDITOR_STORAGE_ACCOUNT_ID,
    auditorTelemetryResourceIds: s.AUDITOR_TELEMETRY_RESOURCE_IDS,
    roleDataSource: s.ROLE_DATA_SOURCE,
    apiAuth: s.API_AUTH,
    ownerTag: s.OWNER_TAG,
  });
}

function storageSettings(s: z.infer<typeof settingsSchema>): StorageSettings | undefined {
  const account = s.AzureWebJobsStorage__accountName;
  if (account) {
    if (!/^[a-z0-9]{3,24}$/.test(account)) {
      throw new ConfigError('AzureWebJobsStorage__accountName', `"${account}" is not a storage account name`);
    }
    return {
      kind: 'identity',
      blobServiceUri: s.AzureWebJobsStorage__blobServiceUri ?? `https://${account}.blob.core.windows.net`,
      tableServiceUri: s.AzureWebJobsStorage__tableServiceUri ?? `https://${account}.table.core.windows.net`,
      queueServiceUri: s.AzureWebJobsStorage__queueServiceUri ?? `https://${account}.queue.core.windows.net`,
    };
  }
  if (s.AzureWebJobsStorage) return { kind: 'connectionString', connectionString: s.AzureWebJobsStorage };
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
