import { afterEach, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { loadConfig } from '../../src/config.js';
import { auditHealth } from '../../src/handlers/auditHealth.js';
import { invocationContext } from '../support/localAudit.js';
import { HttpRequest } from '@azure/functions';
import { doctorFromConfig, formatDoctorReport } from '../../src/doctor/doctorFromConfig.js';
import type { DoctorReport } from '../../src/doctor/runDoctor.js';
import { CLEAN_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';
import { roleAssignmentRow } from '../support/fixtureRows.js';

const base = readFixture(CLEAN_TENANT);
const AUDITOR = String(base['auditor']['principalId']);
const SUB = String(base['subscriptions'][0]['subscriptionId']);
const ROOT = String(base['managementGroups'][0]['name']);
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops`;
const OTHER_SUB = '6b000000-0000-4000-8000-0000000000ff';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await emulator?.stop();
  emulator = undefined;
});

async function doctor(
  fixture: Record<string, any>,
  settings: Record<string, string> = {},
): Promise<DoctorReport> {
  emulator = await startTestEmulator(fixture);
  useEmulatorEnv(emulator, vi.stubEnv);
  for (const [k, v] of Object.entries(settings)) vi.stubEnv(k, v);
  return doctorFromConfig(loadConfig(process.env));
}

const failures = (r: DoctorReport) =>
  r.checks.filter((c) => !c.ok).map((c) => ({ source: c.source, scope: c.scope, missing: c.missing }));

/** The clean tenant with the auditor's own role assignments replaced. */
function withAuditorRoles(assignments: Record<string, any>[], extra: Record<string, any> = {}) {
  const fixture = structuredClone(base);
  fixture['roleAssignments'] = [
    ...fixture['roleAssignments'].filter((a: any) => a.properties.principalId !== AUDITOR),
    ...assignments,
  ];
  return { ...fixture, ...extra };
}

const grant = (n: number, role: string, scope: string) =>
  roleAssignmentRow({
    scope,
    name: `ad000000-0000-4000-8000-00000000000${n}`,
    roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role}`,
    principalId: AUDITOR,
    principalType: 'ServicePrincipal',
  });
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

describe('mi-auditor doctor', () => {
  it('passes every probe when the identity holds what the deploy guide grants', async () => {
    const report = await doctor(base);
    expect(failures(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.principalId).toBe(AUDITOR);
    expect(new Set(report.checks.map((c) => c.source))).toEqual(
      new Set([
        'token',
        'resourceGraph',
        'managementGroups',
        'roleAssignments',
        'roleDefinitions',
        'roleEligibility',
        'policyAssignments',
        'diagnosticSettings',
        'keyVaultLogs',
        'directory',
        'applications',
      ]),
    );
    expect(report.checks.find((c) => c.source === 'keyVaultLogs')?.scope.toLowerCase()).toBe(
      WORKSPACE.toLowerCase(),
    );
    expect(formatDoctorReport(report)).toContain('every source an audit reads is readable');
  });

  it('probes the PIM activations where an eligibility is in effect, as the audit reads them', async () => {
    const fixture = structuredClone(base);
    fixture['roleEligibilitySchedules'] = [
      {
        id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleEligibilitySchedules/e1000000-0000-4000-8000-000000000009`,
        name: 'e1000000-0000-4000-8000-000000000009',
        type: 'Microsoft.Authorization/RoleEligibilitySchedules',
        properties: {
          scope: `/subscriptions/${SUB}`,
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
          principalId: 'b2000000-0000-4000-8000-000000000009',
          principalType: 'User',
        },
      },
    ];
    const report = await doctor(fixture);
    expect(failures(report)).toEqual([]);
    expect(report.checks.filter((c) => c.source === 'roleActivations')).toEqual([
      {
        source: 'roleActivations',
        scope: `/subscriptions/${SUB}`,
        ok: true,
        detail: '0 PIM activation(s) in effect',
      },
    ]);
  });

  it('names the missing Graph permission and the script that grants it', async () => {
    const fixture = structuredClone(base);
    fixture['auditor']['graphPermissions'] = ['Application.Read.All'];
    const report = await doctor(fixture);
    expect(report.ok).toBe(false);
    expect(failures(report)).toEqual([
      {
        source: 'directory',
        scope: 'tenant',
        missing: 'Microsoft Graph application permission Directory.Read.All',
      },
    ]);
    expect(report.checks.find((c) => !c.ok)?.fix).toBe(`bash infra/grant-graph-permissions.sh ${AUDITOR}`);
  });

  it('names Application.Read.All when the secrets checks could not read app registrations', async () => {
    const fixture = structuredClone(base);
    fixture['auditor']['graphPermissions'] = ['User.Read.All'];
    const report = await doctor(fixture);
    expect(failures(report)).toEqual([
      {
        source: 'directory',
        scope: 'tenant',
        missing: 'Microsoft Graph application permission Directory.Read.All',
      },
      {
        source: 'applications',
        scope: 'tenant',
        missing: 'Microsoft Graph application permission Application.Read.All',
      },
    ]);
  });

  it('names a configured subscription the identity cannot read, and the Reader assignment that fixes it', async () => {
    const report = await doctor(base, { AUDIT_SUBSCRIPTIONS: `${SUB},${OTHER_SUB}` });
    expect(failures(report)).toEqual([
      {
        source: 'resourceGraph',
        scope: `/subscriptions/${OTHER_SUB}`,
        missing: `Reader at /subscriptions/${OTHER_SUB}`,
      },
    ]);
    expect(report.checks.find((c) => !c.ok)?.fix).toBe(
      `az role assignment create --assignee-object-id ${AUDITOR} --assignee-principal-type ServicePrincipal --role "Reader" --scope "/subscriptions/${OTHER_SUB}"`,
    );
  });

  it('names the workspace whose logs the identity cannot query', async () => {
    const noQuery = {
      id: `/providers/Microsoft.Authorization/roleDefinitions/ae000000-0000-4000-8000-000000000001`,
      name: 'ae000000-0000-4000-8000-000000000001',
      type: 'Microsoft.Authorization/roleDefinitions',
      properties: {
        roleName: 'Reader without log queries',
        type: 'CustomRole',
        assignableScopes: [`/providers/Microsoft.Management/managementGroups/${ROOT}`],
        permissions: [
          {
            actions: ['*/read'],
            notActions: [
              'Microsoft.OperationalInsights/workspaces/query/*/read',
              'Microsoft.Insights/logs/*/read',
            ],
            dataActions: [],
            notDataActions: [],
          },
        ],
      },
    };
    const fixture = withAuditorRoles(
      [grant(1, noQuery.name, `/providers/Microsoft.Management/managementGroups/${ROOT}`)],
      {
        roleDefinitions: [...base['roleDefinitions'], noQuery],
      },
    );
    const report = await doctor(fixture);
    const failed = failures(report);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      source: 'keyVaultLogs',
      missing: 'Log Analytics Reader on the workspace',
    });
    expect(failed[0]!.scope.toLowerCase()).toBe(WORKSPACE.toLowerCase());
  });

  it('names the management group whose role assignments the identity cannot list', async () => {
    // Reader on the subscription only: its resources and role data are readable, the group's own
    // assignments are not.
    const report = await doctor(withAuditorRoles([grant(2, READER, `/subscriptions/${SUB}`)]), {
      AUDIT_MANAGEMENT_GROUPS: ROOT,
    });
    expect(failures(report)).toEqual([
      {
        source: 'roleAssignments',
        scope: `/providers/Microsoft.Management/managementGroups/${ROOT}`,
        missing: `Reader at /providers/Microsoft.Management/managementGroups/${ROOT}`,
      },
    ]);
  });

  it('answers GET /api/audit/health with 200 when all is readable and 503 with the gaps otherwise', async () => {
    const get = () => new HttpRequest({ method: 'GET', url: 'http://localhost/api/audit/health' });
    await doctor(base);
    const healthy = await auditHealth(get(), invocationContext('auditHealth'));
    expect(healthy.status).toBe(200);
    await emulator?.stop();
    const fixture = structuredClone(base);
    fixture['auditor']['graphPermissions'] = ['User.Read.All'];
    await doctor(fixture);
    const sick = await auditHealth(get(), invocationContext('auditHealth'));
    expect(sick.status).toBe(503);
    expect(sick.jsonBody).toMatchObject({
      ok: false,
      checks: expect.arrayContaining([expect.objectContaining({ source: 'directory', ok: false })]),
    });
  });
});
