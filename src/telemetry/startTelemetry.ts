import { ManagedIdentityCredential } from '@azure/identity';
import { useAzureMonitor } from '@azure/monitor-opentelemetry';

let started = false;

/**
 * Sends traces, metrics and logs to Application Insights through OpenTelemetry
 * (`@azure/monitor-opentelemetry`), once per process, when the app has a connection string. Ingestion
 * is authenticated with the app's managed identity (the template turns the component's local auth
 * off and grants Monitoring Metrics Publisher; Microsoft Learn, "Microsoft Entra authentication for
 * Application Insights"), so no instrumentation key acts as a secret. Without a connection string
 * (tests, the demo, the CLI) nothing is exported and the OpenTelemetry API stays a no-op.
 */
export function startTelemetry(env: Record<string, string | undefined> = process.env): boolean {
  if (started) return true;
  const connectionString = env['APPLICATIONINSIGHTS_CONNECTION_STRING']?.trim();
  if (!connectionString) return false;
  const clientId = env['AZURE_CLIENT_ID']?.trim();
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString,
      credential: clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential(),
    },
  });
  started = true;
  return true;
}
