import type { AuditReport, ReportFinding } from '../../src/report/reportModel.js';

const finding = (over: Partial<ReportFinding>): ReportFinding => ({
  id: '0123456789abcdef0123456789abcdef',
  checkId: 'mi-resource-without-identity',
  severity: 'high',
  title: 'Resource that supports managed identities has none',
  message: "App Service resource 'app1' has no managed identity.",
  resourceId:
    '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/app1',
  subscriptionId: '11111111-1111-1111-1111-111111111111',
  subscriptionName: 'Prod <script>',
  resourceGroup: 'rg',
  managementGroupPath: ['00000000-0000-0000-0000-0000000000aa', 'platform', 'landing-zones'],
  tags: { owner: 'orders-team@contoso.example' },
  owner: 'orders-team@contoso.example',
  ownerSource: 'tag',
  ageDays: 1,
  links: {
    portal:
      'https://portal.azure.com/#@00000000-0000-0000-0000-0000000000aa/resource/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/app1',
    learn: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview',
  },
  evidence: { identity: null },
  remediation: { text: 'Turn on a managed identity.', cli: 'az webapp identity assign --ids <id>' },
  references: [{ framework: 'MCSB', control: 'IM-3' }],
  firstSeen: '2026-11-19T06:00:00.000Z',
  lastSeen: '2026-11-20T06:00:00.000Z',
  state: 'existing',
  ...over,
});

/** A fixed report model for renderer tests, with the hostile strings Azure names can carry. */
export function sampleReport(runId = '20261120T060000Z-aaaaaa'): AuditReport {
  return {
    schemaVersion: 1,
    runId,
    tenantId: '00000000-0000-0000-0000-0000000000aa',
    trigger: 'timer',
    startedAt: '2026-11-20T06:00:00.000Z',
    finishedAt: '2026-11-20T06:00:03.000Z',
    status: 'partial',
    coverage: {
      subscriptions: [
        { subscriptionId: '11111111-1111-1111-1111-111111111111', displayName: 'Prod <script>', read: true },
      ],
      workspaces: [
        {
          workspaceId: 'ws',
          resourceId:
            '/subscriptions/1/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law',
          read: true,
        },
      ],
      errors: [
        {
          source: 'roleAssignments',
          scope: '/subscriptions/2',
          statusCode: 403,
          code: 'AuthorizationFailed',
          message: 'denied',
        },
      ],
      rules: { kvAuditLogging: 'diagnostic setting rule', kvLogWindow: 'P7D' },
    },
    summary: {
      bySeverity: { critical: 1, high: 2, medium: 0, low: 0, informational: 0 },
      new: 2,
      existing: 1,
      reopened: 0,
      resolved: 1,
      suppressed: 1,
    },
    checks: [
      {
        id: 'mi-resource-without-identity',
        title: 'Resource that supports managed identities has none',
        severity: 'medium',
        area: 'identity',
        status: 'fail',
        evaluated: 10,
        failed: 3,
        description: 'Finds resources without managed identities.',
        risk: 'Stored credentials leak.',
        remediation: { text: 'Turn on a managed identity.', cli: 'az webapp identity assign --ids <id>' },
        references: [{ framework: 'MCSB', control: 'IM-3' }],
        learnUrl: 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview',
      },
      {
        id: 'rbac-privileged-role-broad-scope',
        title: 'Privileged role assigned at management-group or subscription scope',
        severity: 'high',
        area: 'roles',
        status: 'error',
        evaluated: 4,
        failed: 1,
        error: 'roleAssignments could not be read at /subscriptions/2',
        description: 'Finds privileged roles at broad scope.',
        risk: 'Broad control.',
        remediation: { text: 'Narrow it.', cli: 'az role assignment delete --ids <id>' },
        references: [{ framework: 'MCSB', control: 'PA-7' }],
      },
    ],
    findings: [
      finding({ id: '11111111111111111111111111111111', name: undefined } as Partial<ReportFinding>),
      finding({
        id: '22222222222222222222222222222222',
        resourceId:
          '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/<img src=x onerror=alert(1)>',
        message: "App Service resource '<img src=x onerror=alert(1)>' has no managed identity.",
        state: 'new',
      }),
      finding({
        id: '33333333333333333333333333333333',
        checkId: 'rbac-privileged-role-broad-scope',
        severity: 'critical',
        title: 'Privileged role assigned at management-group or subscription scope',
        message: '=HYPERLINK("http://evil.example","click") holds Owner at /subscriptions/1.',
        resourceId: '/subscriptions/1/providers/Microsoft.Authorization/roleAssignments/r1',
        principalId: 'p1',
        principalName: 'Erin Park (erin@contoso.com)',
        owner: 'Erin Park (erin@contoso.com)',
        ownerSource: 'principal',
        managementGroupPath: ['00000000-0000-0000-0000-0000000000aa', 'platform'],
        links: {
          portal: 'https://portal.azure.com/#@00000000-0000-0000-0000-0000000000aa/resource/subscriptions/1',
          accessControl:
            'https://portal.azure.com/#@00000000-0000-0000-0000-0000000000aa/resource/subscriptions/1/users',
        },
        state: 'new',
      }),
      finding({
        id: '44444444444444444444444444444444',
        severity: 'low',
        suppressed: { reason: 'accepted risk', expires: '2027-01-31' },
      }),
    ],
    resolved: [
      {
        id: '55555555555555555555555555555555',
        checkId: 'kv-access-policy-model',
        resourceId: '/subscriptions/1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1',
      },
    ],
    trend: [
      {
        runId: '20261119T060000Z-bbbbbb',
        finishedAt: '2026-11-19T06:00:03.000Z',
        status: 'complete',
        bySeverity: { critical: 0, high: 2, medium: 1, low: 0, informational: 0 },
      },
      {
        runId,
        finishedAt: '2026-11-20T06:00:03.000Z',
        status: 'partial',
        bySeverity: { critical: 1, high: 2, medium: 0, low: 0, informational: 0 },
      },
    ],
  };
}
