import { describe, expect, it } from 'vitest';

import { evaluate, SETTINGS_RULE } from '../../src/checks/kv-audit-logging-missing/evaluate.js';
import type { DiagnosticSetting } from '../../src/collect/snapshot.js';
import { emptySnapshot, kvRow, resource, vaultId } from './snapshotBuilder.js';

const vault = resource('Microsoft.KeyVault/vaults', { name: 'kv1', id: vaultId('kv1') });
const LAW = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';
const setting = (
  logs: DiagnosticSetting['logs'],
  destination: Partial<DiagnosticSetting> = { workspaceId: LAW },
): DiagnosticSetting => ({
  name: 'diag',
  logs,
  ...destination,
});
const withSettings = (...settings: DiagnosticSetting[]) =>
  evaluate(
    emptySnapshot({
      resources: { items: [vault], errors: [] },
      diagnosticSettings: { items: [{ resourceId: vault.id.toUpperCase(), settings }], errors: [] },
    }),
  );

describe('kv-audit-logging-missing', () => {
  it('flags a vault with no diagnostic setting', () => {
    const result = withSettings();
    expect(result.findings).toMatchObject([{ severity: 'high', evidence: { rule: SETTINGS_RULE } }]);
  });

  it.each([
    [
      'the AuditEvent category alone (Prowler #11656, Steampipe needs both groups)',
      [{ category: 'AuditEvent', enabled: true }],
    ],
    ['the audit category group alone', [{ categoryGroup: 'audit', enabled: true }]],
    ['the allLogs category group alone', [{ categoryGroup: 'allLogs', enabled: true }]],
    ['a lower-case category', [{ category: 'auditevent', enabled: true }]],
  ])('passes %s', (_l, logs) => {
    expect(withSettings(setting(logs)).findings).toEqual([]);
  });

  it('passes a Log Analytics destination without any retention (retention rules are retired; ScoutSuite, cloudbeat#1757)', () => {
    expect(
      withSettings(
        setting([{ category: 'AuditEvent', enabled: true }], { workspaceId: LAW, storageAccountId: null }),
      ).findings,
    ).toEqual([]);
  });

  it('passes any destination: storage, Event Hubs or a partner', () => {
    for (const destination of [
      { storageAccountId: '/s/sa' },
      { eventHubAuthorizationRuleId: '/s/eh' },
      { marketplacePartnerId: '/s/p' },
    ]) {
      expect(
        withSettings(setting([{ categoryGroup: 'audit', enabled: true }], destination)).findings,
      ).toEqual([]);
    }
  });

  it('flags a setting that only sends metrics or other categories', () => {
    expect(
      withSettings(setting([{ category: 'AzurePolicyEvaluationDetails', enabled: true }])).findings,
    ).toHaveLength(1);
  });

  it('flags an audit category that is disabled, or has no destination', () => {
    expect(withSettings(setting([{ category: 'AuditEvent', enabled: false }])).findings).toHaveLength(1);
    expect(withSettings(setting([{ category: 'AuditEvent', enabled: true }], {})).findings).toHaveLength(1);
  });

  describe('when the settings cannot be read', () => {
    const unreadable = (aggregates: ReturnType<typeof kvRow>[], workspacesRead = true) =>
      evaluate(
        emptySnapshot({
          resources: { items: [vault], errors: [] },
          diagnosticSettings: {
            items: [],
            errors: [{ source: 'diagnosticSettings', scope: vault.id, statusCode: 403, message: 'denied' }],
          },
          keyVaultLogs: {
            ...emptySnapshot().keyVaultLogs,
            workspaces: [{ ...emptySnapshot().keyVaultLogs.workspaces[0]!, read: workspacesRead }],
            aggregates,
          },
        }),
      );

    it('passes a vault whose audit rows appear in a readable workspace, and says which rule it used', () => {
      const result = unreadable([kvRow({ vaultId: vault.id.toUpperCase() })]);
      expect(result).toMatchObject({ findings: [], evaluated: 1, errors: [] });
    });

    it('leaves a vault with no rows undecided (error), never a finding the settings outage caused', () => {
      const result = unreadable([]);
      expect(result.findings).toEqual([]);
      expect(result.errors[0]).toMatch(/kv1.*could not be read.*whether it logs is unknown/);
    });

    it('reports error when no workspace is readable either', () => {
      const result = unreadable([], false);
      expect(result.findings).toEqual([]);
      expect(result.errors[0]).toMatch(/kv1.*could not be read/);
    });
  });
});
