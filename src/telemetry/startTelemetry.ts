import { ManagedIdentityCredential } from '@azure/identity';

let started: Promise<void> | undefined;

/**
 * Sends traces, metrics and logs to Application Insights through OpenTelemetry
 * (`@azure/monitor-opentelemetry`), once per process, when the app has a connection string. Ingestion
 * is authenticated with the app's managed identity (the template turns the component's local auth
 * off and grants Monitoring Metrics Publisher; Microsoft Learn, "Microsoft Entra authentication for
 * Application Insights"), so no instrumentation key acts as a secret. Without a connection string
 * (tests, the demo, the CLI) nothing is exported and the OpenTelemetry API stays a no-op.
 *
 * The distro is imported only when it is used: loading it takes seconds of CPU (it brings the whole
 * OpenTelemetry SDK and its instrumentations), which every process without a connection string
 * (each CLI run, the demo, each test file that runs an audit) would otherwise pay for nothing.
 */
export async function startTelemetry(
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  if (!started) {
    const connectionString = env['APPLICATIONINSIGHTS_CONNECTION_STRING']?.trim();
    if (!connectionString) return false;
    const clientId = env['AZURE_CLIENT_ID']?.trim();
    started = import('@azure/monitor-opentelemetry').then(({ useAzureMonitor }) =>
      useAzureMonitor({
        azureMonitorExporterOptions: {
          connectionString,
          credential: clientId
            ? new ManagedIdentityCredential({ clientId })
            : new ManagedIdentityCredential(),
        },
      }),
    );
  }
  await started;
  return true;
}
