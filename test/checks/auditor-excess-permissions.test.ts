import { describe, expect, it } from 'vitest';

import { evaluate } from '../../src/checks/auditor-excess-permissions/evaluate.js';
import { assignment, AUDITOR, context, emptySnapshot, ROLE, SUB } from './snapshotBuilder.js';

const STORAGE = `/subscriptions/${SUB}/resourceGroups/rg-audit/providers/Microsoft.Storage/storageAccounts/auditstore`;
const run = (assignments: ReturnType<typeof assignment>[], ctx = context) =>
  evaluate(emptySnapshot({ roleAssignments: { items: assignments, errors: [] } }), ctx);
const mine = (role: string, scope = `/subscriptions/${SUB}`) =>
  assignment(role, AUDITOR, scope, { principalType: 'ServicePrincipal' });

describe('auditor-excess-permissions', () => {
  it('passes Reader, Log Analytics Reader and Monitoring Reader', () => {
    expect(
      run([mine(ROLE.reader), mine(ROLE.logAnalyticsReader), mine(ROLE.monitoringReader)]),
    ).toMatchObject({ findings: [], evaluated: 3 });
  });

  it('flags Contributor held through a group the identity belongs to, and passes Reader held so', () => {
    const GROUP = 'c3000000-0000-4000-8000-0000000000a1';
    const s = emptySnapshot({
      auditor: { principalId: AUDITOR, groups: [GROUP] },
      roleAssignments: {
        items: [
          assignment(ROLE.contributor, GROUP, `/subscriptions/${SUB}`, { principalType: 'Group' }),
          assignment(ROLE.reader, GROUP, `/subscriptions/${SUB}`, { principalType: 'Group' }),
        ],
        errors: [],
      },
    });
    expect(evaluate(s, context)).toMatchObject({
      findings: [{ principalId: GROUP, evidence: { throughGroup: GROUP } }],
      evaluated: 2,
    });
  });

  it("is error, not pass, when the identity's groups could not be read", () => {
    const s = emptySnapshot({
      auditor: { principalId: AUDITOR, groupsUnread: '403 Authorization_RequestDenied' },
    });
    expect(evaluate(s, context).errors.join(' ')).toContain('groups');
  });

  it('flags Contributor', () => {
    expect(run([mine(ROLE.contributor)]).findings).toMatchObject([
      { severity: 'high', principalId: AUDITOR },
    ]);
  });

  it("ignores the data roles on the app's own storage account", () => {
    expect(
      run([mine(ROLE.blobDataContributor, STORAGE)], { ...context, auditorStorageAccountId: STORAGE })
        .findings,
    ).toEqual([]);
  });

  it("ignores them on the own account's containers, but not on an account whose name only starts the same", () => {
    const ctx = { ...context, auditorStorageAccountId: STORAGE };
    expect(
      run([mine(ROLE.blobDataContributor, `${STORAGE}/blobServices/default/containers/reports`)], ctx)
        .findings,
    ).toEqual([]);
    expect(run([mine(ROLE.blobDataContributor, `${STORAGE}backup`)], ctx).findings).toHaveLength(1);
  });

  it('flags the same data role anywhere else', () => {
    expect(
      run([mine(ROLE.blobDataContributor)], { ...context, auditorStorageAccountId: STORAGE }).findings,
    ).toHaveLength(1);
  });

  it("looks only at the auditor's own assignments", () => {
    expect(run([assignment(ROLE.owner, 'someone-else', `/subscriptions/${SUB}`)])).toMatchObject({
      findings: [],
      evaluated: 0,
    });
  });

  it("ignores telemetry publishing on the app's own Application Insights and rule, and only there", () => {
    const ai = `/subscriptions/${SUB}/resourceGroups/rg-audit/providers/Microsoft.Insights/components/appi-audit`;
    const publisher = '3913510d-42f4-4e42-8a64-420c390055eb';
    const ctx = { ...context, auditorTelemetryResourceIds: [ai] };
    expect(run([mine(publisher, ai)], ctx).findings).toEqual([]);
    // A look-alike id and another component are not the app's own.
    expect(run([mine(publisher, `${ai}backup`)], ctx).findings).toHaveLength(1);
    expect(run([mine(publisher, `/subscriptions/${SUB}`)], ctx).findings).toHaveLength(1);
    // Contributor on its own component still writes far more than telemetry.
    expect(run([mine(ROLE.contributor, ai)], ctx).findings).toHaveLength(1);
  });
});
