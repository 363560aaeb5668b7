import type { TokenCredential } from '@azure/core-auth';
import { isAggregateLogsUploadError, LogsIngestionClient } from '@azure/monitor-ingestion';
import { QueueClient } from '@azure/storage-queue';

import type { StorageSettings } from '../config.js';
import type { AuditReport } from '../report/reportModel.js';
import { adaptiveCardText } from './adaptiveCardText.js';
import type { AlertMessage } from './selectAlerts.js';
import { postWebhookJson, type WebhookPolicy } from './webhookTarget.js';

/** Somewhere alerts go. `send` throws on failure; delivery retries around it. */
export interface AlertSink {
  name: string;
  send(message: AlertMessage, report: AuditReport): Promise<void>;
}

/** A generic webhook: the alert message as JSON, to a target the policy allows. */
export function webhookSink(url: string, policy: WebhookPolicy): AlertSink {
  return { name: 'webhook', send: (message) => postWebhookJson(url, message, policy) };
}

/** A Microsoft Teams incoming webhook or Workflows URL: the alert as an Adaptive Card. */
export function teamsSink(url: string, policy: WebhookPolicy): AlertSink {
  return {
    name: 'teams',
    send: (message) =>
      postWebhookJson(
        url,
        {
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              contentUrl: null,
              content: {
                $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
                type: 'AdaptiveCard',
                version: '1.4',
                body: [
                  {
                    type: 'TextBlock',
                    size: 'Large',
                    weight: 'Bolder',
                    text: `mi-auditor: ${message.findings.length} new finding(s)`,
                    wrap: true,
                  },
                  {
                    type: 'FactSet',
                    facts: Object.entries(message.bySeverity).map(([title, value]) => ({
                      title,
                      value: String(value),
                    })),
                  },
                  ...message.findings.slice(0, 20).map((f) => ({
                    type: 'TextBlock',
                    wrap: true,
                    text: `**${f.severity}** ${adaptiveCardText(f.title)}: ${adaptiveCardText(f.message)}`,
                  })),
                  ...(message.findings.length > 20
                    ? [
                        {
                          type: 'TextBlock',
                          isSubtle: true,
                          text: `and ${message.findings.length - 20} more in the report (run ${message.runId})`,
                        },
                      ]
                    : []),
                ],
              },
            },
          ],
        },
        policy,
      ),
  };
}

/** A Storage queue on the app's own storage: one message per run, base64 JSON. */
export function queueSink(
  settings: StorageSettings,
  queueName: string,
  credential: TokenCredential,
): AlertSink {
  const client =
    settings.kind === 'connectionString'
      ? new QueueClient(settings.connectionString, queueName)
      : new QueueClient(`${settings.queueServiceUri}/${queueName}`, credential);
  return {
    name: 'queue',
    async send(message) {
      await client.createIfNotExists();
      await client.sendMessage(Buffer.from(JSON.stringify(message)).toString('base64'));
    },
  };
}

/**
 * Azure Monitor Logs Ingestion: every finding of the run as a row of a custom table (through a data
 * collection rule), so Sentinel analytics and the Workbook in infra/ can use them; `Alerted` marks
 * the rows this run alerted on.
 */
export function logsIngestionSink(
  endpoint: string,
  dcrImmutableId: string,
  stream: string,
  credential: TokenCredential,
): AlertSink {
  const client = new LogsIngestionClient(endpoint, credential, { audience: 'https://monitor.azure.com' });
  return {
    name: 'logsIngestion',
    async send(message, report) {
      const alerted = new Set(message.findings.map((f) => f.id));
      const rows = report.findings.map((f) => ({
        TimeGenerated: report.finishedAt,
        RunId: report.runId,
        AuditedTenantId: report.tenantId,
        FindingId: f.id,
        CheckId: f.checkId,
        Severity: f.severity,
        State: f.state,
        Title: f.title,
        Message: f.message,
        ResourceId: f.resourceId,
        SubscriptionId: f.subscriptionId ?? '',
        PrincipalId: f.principalId ?? '',
        FirstSeen: f.firstSeen,
        Suppressed: Boolean(f.suppressed),
        Alerted: alerted.has(f.id),
      }));
      try {
        await client.upload(dcrImmutableId, stream, rows, { maxConcurrency: 1 });
      } catch (e) {
        // The client throws AggregateLogsUploadError whose own message is "undefined"; the service's
        // answer (404 "Data collection rule with immutable Id '…' not found.", 403 OperationFailed)
        // is in each failure's cause (test/conformance/corpus/logsingestion/*.jsonc).
        if (!isAggregateLogsUploadError(e)) throw e;
        const causes = [...new Set(e.errors.map((f) => f.cause?.message ?? String(f.cause)))];
        throw new Error(`Logs Ingestion upload to ${dcrImmutableId}/${stream} failed: ${causes.join('; ')}`, {
          cause: e,
        });
      }
    },
  };
}
