import { describe, expect, it } from 'vitest';

import { DEFAULT_AUDIT_SCHEDULE, loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const SUB = '11111111-1111-1111-1111-111111111111';

describe('loadConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.auditSchedule).toBe(DEFAULT_AUDIT_SCHEDULE);
    expect(config.subscriptions).toEqual([]);
    expect(config.endpoints).toEqual({
      arm: 'https://management.azure.com',
      logAnalytics: 'https://api.loganalytics.io/v1',
      graph: 'https://graph.microsoft.com',
    });
    expect(config.kvLookback).toEqual({ text: 'P7D', ms: 7 * 86_400_000 });
    expect(config.kvMassRetrievalThreshold).toBe(25);
    expect(config.maxOwners).toBe(3);
    expect(config.alert.minSeverity).toBe('high');
    expect(config.storage).toBeUndefined();
    expect(config.reportsContainer).toBe('reports');
    expect(config.roleDataSource).toBe('auto');
    expect(config.ownerTag).toBe('owner');
  });

  it('reads APP_CREDENTIAL_EXPIRY_DAYS (default 30) and names it when it is not a whole number of days', () => {
    expect(loadConfig({}).appCredentialExpiryDays).toBe(30);
    expect(loadConfig({ APP_CREDENTIAL_EXPIRY_DAYS: '60' }).appCredentialExpiryDays).toBe(60);
    expect(() => loadConfig({ APP_CREDENTIAL_EXPIRY_DAYS: '0' })).toThrow(/APP_CREDENTIAL_EXPIRY_DAYS/);
    expect(() => loadConfig({ APP_CREDENTIAL_EXPIRY_DAYS: '2.5' })).toThrow(/APP_CREDENTIAL_EXPIRY_DAYS/);
  });

  it('reads the owner tag from OWNER_TAG', () => {
    expect(loadConfig({ OWNER_TAG: ' CostCenterOwner ' }).ownerTag).toBe('CostCenterOwner');
  });

  it('reads ROLE_DATA_SOURCE case-insensitively', () => {
    expect(loadConfig({ ROLE_DATA_SOURCE: 'ResourceGraph' }).roleDataSource).toBe('resourceGraph');
    expect(loadConfig({ ROLE_DATA_SOURCE: 'ARM' }).roleDataSource).toBe('arm');
  });

  it('accepts every documented setting', () => {
    const config = loadConfig({
      AUDIT_SCHEDULE: '0 30 */6 * * *',
      AUDIT_SUBSCRIPTIONS: `${SUB}, 22222222-2222-2222-2222-22222222222A`,
      AUDIT_MANAGEMENT_GROUPS: 'platform, landing-zones',
      AZURE_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
      AZURE_TENANT_ID: '44444444-4444-4444-4444-444444444444',
      ARM_ENDPOINT: 'https://127.0.0.1:8443/',
      LOG_ANALYTICS_ENDPOINT: 'https://127.0.0.1:8443/v1',
      GRAPH_ENDPOINT: 'https://127.0.0.1:8443',
      KV_LOOKBACK: 'PT12H',
      KV_MASS_RETRIEVAL_THRESHOLD: '10',
      RBAC_MAX_OWNERS: '5',
      ALERT_MIN_SEVERITY: 'Medium',
      ALERT_WEBHOOK_URL: 'https://hooks.example.com/x',
      ALERT_TEAMS_WEBHOOK_URL: 'https://example.webhook.office.com/y',
      ALERT_QUEUE_NAME: 'audit-alerts',
      ALERT_LOGS_INGESTION_ENDPOINT: 'https://dce.eastus-1.ingest.monitor.azure.com',
      ALERT_LOGS_DCR_IMMUTABLE_ID: 'dcr-0123',
      ALERT_LOGS_STREAM: 'Custom-MiAuditorFindings_CL',
      AzureWebJobsStorage__accountName: 'auditstore01',
      REPORTS_CONTAINER: 'audit-reports',
      AUDITOR_STORAGE_ACCOUNT_ID:
        '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/auditstore01',
    });
    expect(config.auditSchedule).toBe('0 30 */6 * * *');
    expect(config.subscriptions).toEqual([SUB, '22222222-2222-2222-2222-22222222222a']);
    expect(config.managementGroups).toEqual(['platform', 'landing-zones']);
    expect(config.endpoints.arm).toBe('https://127.0.0.1:8443');
    expect(config.kvLookback.ms).toBe(12 * 3_600_000);
    expect(config.alert.minSeverity).toBe('medium');
    expect(config.alert.logsIngestion?.stream).toBe('Custom-MiAuditorFindings_CL');
    expect(config.storage).toEqual({
      kind: 'identity',
      blobServiceUri: 'https://auditstore01.blob.core.windows.net',
      tableServiceUri: 'https://auditstore01.table.core.windows.net',
      queueServiceUri: 'https://auditstore01.queue.core.windows.net',
    });
  });

  it('prefers the storage identity settings to a connection string', () => {
    expect(loadConfig({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }).storage).toEqual({
      kind: 'connectionString',
      connectionString: 'UseDevelopmentStorage=true',
    });
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.endpoints)).toBe(true);
  });

  it.each([
    ['AUDIT_SCHEDULE', 'every day', /6 fields/],
    ['AUDIT_SCHEDULE', '0 0 2 * *', /6 fields/],
    ['AUDIT_SCHEDULE', '0 0 25 * * *', /not a valid NCRONTAB/],
    ['AUDIT_SUBSCRIPTIONS', `${SUB},prod`, /"prod" is not a GUID/],
    ['AZURE_CLIENT_ID', 'my-app', /GUID/],
    ['ARM_ENDPOINT', 'http://127.0.0.1:8080', /https/],
    ['GRAPH_ENDPOINT', 'not a url', /not a URL/],
    ['KV_LOOKBACK', '7 days', /ISO-8601/],
    ['KV_LOOKBACK', 'P1M', /ISO-8601/],
    ['KV_MASS_RETRIEVAL_THRESHOLD', '0', /whole number/],
    ['KV_MASS_RETRIEVAL_THRESHOLD', '2.5', /whole number/],
    ['RBAC_MAX_OWNERS', 'many', /whole number/],
    ['ALERT_MIN_SEVERITY', 'severe', /not one of critical, high, medium, low, informational/],
    ['ALERT_WEBHOOK_URL', 'http://hooks.example.com', /must use https/],
    ['ALERT_WEBHOOK_URL', 'http://127.0.0.1:8080/hook', /must use https/],
    [
      'ALERT_WEBHOOK_URL',
      'https://10.1.2.3/hook',
      /private address 10\.1\.2\.3.*ALERT_WEBHOOK_ALLOW_PRIVATE/,
    ],
    ['ALERT_TEAMS_WEBHOOK_URL', 'https://[::1]/hook', /loopback address ::1/],
    ['ALERT_WEBHOOK_URL', 'https://169.254.169.254/metadata', /may never use/],
    ['ALERT_WEBHOOK_ALLOW_PRIVATE', 'yes', /true or false/],
    ['ALERT_QUEUE_NAME', 'Audit_Alerts', /queue name/],
    ['AzureWebJobsStorage__accountName', 'Not-A-Name', /storage account name/],
    ['ROLE_DATA_SOURCE', 'graph', /not one of auto, arm, resourceGraph/],
    ['OWNER_TAG', 'team/owner', /not an Azure tag name/],
    ['OWNER_TAG', 'x'.repeat(513), /not an Azure tag name/],
  ])('rejects %s=%s and names the setting', (setting, value, reason) => {
    let thrown: unknown;
    try {
      loadConfig({ [setting]: value });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).setting).toBe(setting);
    expect((thrown as Error).message).toContain(setting);
    expect((thrown as Error).message).toMatch(reason);
  });

  it('accepts a plain-http webhook on loopback only when private targets are allowed, for local runs', () => {
    const config = loadConfig({
      ALERT_WEBHOOK_URL: 'http://127.0.0.1:8080/hook',
      ALERT_WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    expect(config.alert.webhookUrl).toBe('http://127.0.0.1:8080/hook');
    expect(config.alert.allowPrivateTargets).toBe(true);
    expect(() =>
      loadConfig({ ALERT_WEBHOOK_URL: 'http://10.0.0.5/hook', ALERT_WEBHOOK_ALLOW_PRIVATE: 'true' }),
    ).toThrow(/must use https/);
    expect(() =>
      loadConfig({ ALERT_WEBHOOK_URL: 'https://169.254.169.254/x', ALERT_WEBHOOK_ALLOW_PRIVATE: 'true' }),
    ).toThrow(/may never use/);
  });

  it('requires the three Logs Ingestion settings together', () => {
    expect(() => loadConfig({ ALERT_LOGS_INGESTION_ENDPOINT: 'https://dce.example.com' })).toThrow(
      /ALERT_LOGS_DCR_IMMUTABLE_ID/,
    );
  });
});
