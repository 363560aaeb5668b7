import { describe, expect, it } from 'vitest';

import { evaluate as customRole } from '../../src/checks/rbac-custom-role-overly-permissive/evaluate.js';
import { evaluate as guest } from '../../src/checks/rbac-guest-privileged/evaluate.js';
import { evaluate as kvDataRole } from '../../src/checks/rbac-keyvault-data-role-broad-scope/evaluate.js';
import { evaluate as orphaned } from '../../src/checks/rbac-orphaned-assignment/evaluate.js';
import { evaluate as broadScope } from '../../src/checks/rbac-privileged-role-broad-scope/evaluate.js';
import { evaluate as spPrivileged } from '../../src/checks/rbac-service-principal-privileged/evaluate.js';
import { evaluate as tooManyOwners } from '../../src/checks/rbac-too-many-owners/evaluate.js';
import type {
  AuditSnapshot,
  GraphApplication,
  GraphServicePrincipal,
  RoleAssignment,
} from '../../src/collect/snapshot.js';
import { toRoleEligibility } from '../../src/collect/normalize.js';
import {
  assignment,
  builtInRoleDefinitions,
  context,
  customRole as makeCustomRole,
  graphApplication,
  graphServicePrincipal,
  directory,
  emptySnapshot,
  ROLE,
  SUB,
  SUB2,
  TENANT,
} from './snapshotBuilder.js';

const MG = '/providers/Microsoft.Management/managementGroups/platform';
const SUBSCOPE = `/subscriptions/${SUB}`;
const RG = `${SUBSCOPE}/resourceGroups/rg-app`;
const ANN = 'b0000000-0000-0000-0000-000000000001';
const GUEST = 'b0000000-0000-0000-0000-000000000002';
const CI = 'b0000000-0000-0000-0000-000000000003';
const MI = 'b0000000-0000-0000-0000-000000000004';

const people = directory(
  { id: ANN, kind: 'user', displayName: 'Ann', userPrincipalName: 'ann@contoso.com', userType: 'Member' },
  {
    id: GUEST,
    kind: 'user',
    displayName: 'Vendor',
    userPrincipalName: 'vendor_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    userType: 'Guest',
  },
  {
    id: CI,
    kind: 'servicePrincipal',
    displayName: 'ci-deployer',
    servicePrincipalType: 'Application',
    appId: 'a1',
  },
  { id: MI, kind: 'servicePrincipal', displayName: 'app-orders', servicePrincipalType: 'ManagedIdentity' },
);

const snap = (assignments: RoleAssignment[], extra: Partial<AuditSnapshot> = {}) =>
  emptySnapshot({ roleAssignments: { items: assignments, errors: [] }, directory: people, ...extra });

describe('rbac-privileged-role-broad-scope', () => {
  it.each([
    ['Owner at a management group', ROLE.owner, MG, 'critical'],
    ['Owner at the tenant root', ROLE.owner, '/', 'critical'],
    ['Owner at a subscription', ROLE.owner, SUBSCOPE, 'high'],
    ['User Access Administrator at a subscription', ROLE.uaa, SUBSCOPE, 'high'],
    ['Role Based Access Control Administrator at a management group', ROLE.rbacAdmin, MG, 'critical'],
    ['Contributor at a subscription', ROLE.contributor, SUBSCOPE, 'medium'],
    ['Contributor at a management group', ROLE.contributor, MG, 'medium'],
  ])('flags %s as %s', (_l, role, scope, severity) => {
    expect(broadScope(snap([assignment(role, ANN, scope)])).findings).toMatchObject([
      { severity, principalId: ANN },
    ]);
  });

  it('lowers Key Vault Data Access Administrator one step: a condition in its definition limits what it can grant', () => {
    // Contract: "A delegation role whose ABAC condition limits the roles it can assign is lower
    // severity, not excused"; this role's condition is in its built-in definition.
    expect(
      broadScope(snap([assignment('8b54135c-b56d-4d72-a534-26097cfdc8d8', ANN, SUBSCOPE)])).findings,
    ).toMatchObject([
      {
        severity: 'medium',
        message: expect.stringContaining('limited by an ABAC condition in its role definition') as string,
      },
    ]);
  });

  it('does not flag privileged roles below the subscription, or Reader', () => {
    expect(
      broadScope(snap([assignment(ROLE.owner, ANN, RG), assignment(ROLE.reader, ANN, SUBSCOPE)])).findings,
    ).toEqual([]);
  });

  it('catches a custom role whose effective permissions equal Owner', () => {
    const role = makeCustomRole('c1000000-0000-0000-0000-000000000001', 'Platform Admin', {
      actions: ['*/write', '*/delete', '*/action', '*/read'],
    });
    const result = broadScope(
      snap([assignment(role.guid, ANN, SUBSCOPE)], {
        roleDefinitions: { items: [...builtInRoleDefinitions(), role], errors: [] },
      }),
    );
    expect(result.findings).toMatchObject([
      { severity: 'high', evidence: { privilege: 'owner', roleName: 'Platform Admin' } },
    ]);
  });

  it('lowers, never excuses, a delegation role limited by an ABAC condition', () => {
    const condition =
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {4633458b-17de-408a-b874-0445c86b69e6}))";
    const result = broadScope(snap([assignment(ROLE.rbacAdmin, ANN, SUBSCOPE, { condition })]));
    expect(result.findings).toMatchObject([{ severity: 'medium', evidence: { condition } }]);
  });

  it('reports PIM eligibilities as eligible, not active, one step lower', () => {
    const eligibility = toRoleEligibility({
      id: `${SUBSCOPE}/providers/Microsoft.Authorization/roleEligibilitySchedules/e1`,
      properties: {
        scope: SUBSCOPE,
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.owner}`,
        principalId: ANN,
        principalType: 'User',
      },
    });
    const result = broadScope(snap([], { roleEligibilities: { items: [eligibility], errors: [] } }));
    expect(result.findings).toMatchObject([{ severity: 'medium', evidence: { assignmentType: 'eligible' } }]);
    expect(result.findings[0]!.message).toContain('eligible through PIM (active only while activated)');
    // An eligibility is no role assignment: its command is an AdminRemove schedule request, filled in.
    expect(result.findings[0]!.remediation?.cli).toBe(
      `az rest --method put --url https://management.azure.com${SUBSCOPE}/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/"$(uuidgen)"'?api-version=2020-10-01' --body '{"properties":{"principalId":"${ANN}","roleDefinitionId":"${SUBSCOPE}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.owner}","requestType":"AdminRemove"}}'`,
    );
  });

  // Unreadable role definitions make the check `error` through the pipeline, from its `needs`:
  // test/pipeline/checkDependencies.test.ts.
});

describe('rbac-custom-role-overly-permissive', () => {
  const evalRoles = (...roles: ReturnType<typeof makeCustomRole>[]) =>
    customRole(snap([], { roleDefinitions: { items: [...builtInRoleDefinitions(), ...roles], errors: [] } }));

  it.each([
    ['*', { actions: ['*'] }],
    ['*/write with */delete', { actions: ['*/write', '*/delete'] }],
    ['Microsoft.Authorization/*', { actions: ['Microsoft.Authorization/*'] }],
    ['Microsoft.Authorization/roleAssignments/*', { actions: ['Microsoft.Authorization/roleAssignments/*'] }],
    ['a lower-case role assignment write', { actions: ['microsoft.authorization/roleassignments/write'] }],
    ['every data action', { dataActions: ['*'] }],
    [
      '* minus only Microsoft.Authorization writes (equal to Contributor)',
      { actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] },
    ],
  ])('flags a custom role with %s', (_l, permissions) => {
    expect(
      evalRoles(makeCustomRole('c2000000-0000-0000-0000-000000000001', 'r', permissions)).findings,
    ).toHaveLength(1);
  });

  it.each([
    ['*/read alone (ScoutSuite #1501)', { actions: ['*/read'] }],
    ['a wildcard confined to one provider', { actions: ['Microsoft.Compute/*'] }],
    [
      '* with every write and delete removed',
      { actions: ['*'], notActions: ['*/write', '*/delete', '*/action'] },
    ],
  ])('does not flag %s', (_l, permissions) => {
    expect(
      evalRoles(makeCustomRole('c2000000-0000-0000-0000-000000000002', 'r', permissions)).findings,
    ).toEqual([]);
  });

  it('raises to critical when the role is assigned', () => {
    const role = makeCustomRole('c2000000-0000-0000-0000-000000000003', 'Ops', { actions: ['*'] });
    const result = customRole(
      snap([assignment(role.guid, ANN, RG)], {
        roleDefinitions: { items: [...builtInRoleDefinitions(), role], errors: [] },
      }),
    );
    expect(result.findings).toMatchObject([{ severity: 'critical', resourceId: role.id }]);
  });

  it('ignores built-in roles', () => {
    expect(evalRoles().findings).toEqual([]);
  });
});

describe('rbac-too-many-owners', () => {
  const owners = (n: number, scope: string) =>
    Array.from({ length: n }, (_, i) =>
      assignment(ROLE.owner, `e0000000-0000-0000-0000-00000000000${i}`, scope),
    );

  it('flags a subscription with more than three owners', () => {
    const result = tooManyOwners(snap(owners(4, SUBSCOPE)), context);
    expect(result.findings).toMatchObject([{ resourceId: SUBSCOPE, subscriptionId: SUB }]);
  });

  it('passes three owners', () => {
    expect(tooManyOwners(snap(owners(3, SUBSCOPE)), context).findings).toEqual([]);
  });

  it('counts owners inherited from management groups and the root', () => {
    const s = snap([
      ...owners(2, SUBSCOPE),
      ...owners(1, MG).map((a) => ({ ...a, principalId: 'f1' })),
      ...owners(1, '/').map((a) => ({ ...a, principalId: 'f2' })),
    ]);
    s.subscriptions.items[0]!.managementGroupAncestors = ['platform', TENANT];
    expect(tooManyOwners(s, context).findings[0]!.evidence['owners']).toHaveLength(4);
  });

  it('does not count owners of a resource group, or of a management group the subscription is not under', () => {
    const s = snap([
      ...owners(3, SUBSCOPE),
      ...owners(1, RG).map((a) => ({ ...a, principalId: 'f1' })),
      ...owners(1, MG).map((a) => ({ ...a, principalId: 'f2' })),
    ]);
    expect(tooManyOwners(s, context).findings).toEqual([]);
  });

  it('counts a principal once however many owner assignments it has', () => {
    expect(
      tooManyOwners(
        snap([...owners(3, SUBSCOPE), assignment(ROLE.owner, 'e0000000-0000-0000-0000-000000000000', MG)]),
        context,
      ).findings,
    ).toEqual([]);
  });

  it('keeps subscriptions that share a display name apart (Prowler #10719)', () => {
    const s = snap([...owners(4, SUBSCOPE), ...owners(2, `/subscriptions/${SUB2}`)]);
    s.subscriptions.items.push({
      subscriptionId: SUB2,
      displayName: 'Prod',
      state: 'Enabled',
      managementGroupAncestors: [TENANT],
      read: true,
    });
    const result = tooManyOwners(s, context);
    expect(result).toMatchObject({ evaluated: 2, findings: [{ subscriptionId: SUB }] });
  });

  it('reports a subscription with a single owner apart, as the CIS two-owner minimum', () => {
    const result = tooManyOwners(snap(owners(1, SUBSCOPE)), context);
    expect(result.findings).toMatchObject([
      { resourceId: SUBSCOPE, severity: 'low', discriminator: 'fewer-than-two-owners' },
    ]);
    expect(tooManyOwners(snap(owners(2, SUBSCOPE)), context).findings).toEqual([]);
    // No owner at all: access is managed above the subscription; not this finding.
    expect(tooManyOwners(snap([]), context).findings).toEqual([]);
  });

  it('does not claim one account where the one owner is a group: its members were not counted', () => {
    const group = assignment(ROLE.owner, 'a9000000-0000-0000-0000-000000000001', SUBSCOPE, {
      principalType: 'Group',
    });
    const result = tooManyOwners(snap([group]), context);
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([{ reason: expect.stringContaining('group'), count: 1 }]);
    expect(result.evaluated).toBe(0);
  });

  it('counts a PIM-eligible owner toward the two-owner minimum', () => {
    const eligibility = toRoleEligibility({
      id: `${SUBSCOPE}/providers/Microsoft.Authorization/roleEligibilitySchedules/e2`,
      properties: {
        scope: SUBSCOPE,
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.owner}`,
        principalId: 'e1000000-0000-0000-0000-000000000009',
        principalType: 'User',
      },
    });
    const s = snap(owners(1, SUBSCOPE), { roleEligibilities: { items: [eligibility], errors: [] } });
    expect(tooManyOwners(s, context).findings).toEqual([]);
  });

  it('keeps the too-many finding without a discriminator, so its history is unchanged', () => {
    expect(tooManyOwners(snap(owners(4, SUBSCOPE)), context).findings[0]?.discriminator).toBeUndefined();
  });

  it('honours RBAC_MAX_OWNERS', () => {
    expect(tooManyOwners(snap(owners(4, SUBSCOPE)), { ...context, maxOwners: 5 }).findings).toEqual([]);
  });
});

describe('rbac-service-principal-privileged', () => {
  it('flags an app registration with Contributor at a subscription', () => {
    const result = spPrivileged(
      snap([assignment(ROLE.contributor, CI, SUBSCOPE, { principalType: 'ServicePrincipal' })]),
    );
    expect(result.findings).toMatchObject([
      { principalId: CI, evidence: { servicePrincipalType: 'Application' } },
    ]);
  });

  it('passes a managed identity with the same role', () => {
    expect(
      spPrivileged(snap([assignment(ROLE.contributor, MI, SUBSCOPE, { principalType: 'ServicePrincipal' })]))
        .findings,
    ).toEqual([]);
  });

  describe('by the credentials Microsoft Graph shows', () => {
    const contributor = [assignment(ROLE.contributor, CI, SUBSCOPE, { principalType: 'ServicePrincipal' })];
    const servicePrincipal = (extra: Partial<GraphServicePrincipal> = {}) =>
      graphServicePrincipal(CI, 'a1', extra);
    const registration = (extra: Partial<GraphApplication> = {}) => graphApplication('a1', extra);
    const secret = {
      keyId: 'k1',
      startDateTime: '2026-01-01T00:00:00Z',
      endDateTime: '2027-01-01T00:00:00Z',
    };
    const withApps = (sp: GraphServicePrincipal, app?: GraphApplication) =>
      spPrivileged(
        snap(contributor, {
          applications: { applications: app ? [app] : [], servicePrincipals: [sp], errors: [] },
        }),
      );

    it('passes an app that signs in only with a federated credential: it holds no secret', () => {
      // "Workload identity federation allows you to access Microsoft Entra protected resources
      // without needing to manage secrets" (Learn, workload-identity-federation).
      const federated = registration({
        federatedIdentityCredentials: [
          {
            name: 'github',
            issuer: 'https://token.actions.githubusercontent.com',
            subject: 'repo:o/r:ref:refs/heads/main',
            audiences: ['api://AzureADTokenExchange'],
          },
        ],
      });
      expect(withApps(servicePrincipal(), federated).findings).toEqual([]);
    });

    it('flags one whose app registration holds a client secret, saying so', () => {
      expect(
        withApps(servicePrincipal(), registration({ passwordCredentials: [secret] })).findings,
      ).toMatchObject([
        {
          evidence: { ownCredentials: 'held' },
          message: expect.stringContaining('its own secret or certificate') as string,
        },
      ]);
    });

    it('flags an app registered in another tenant, whose credentials it cannot see', () => {
      expect(
        withApps(servicePrincipal({ appOwnerOrganizationId: 'c0000000-0000-0000-0000-0000000000c0' }))
          .findings,
      ).toMatchObject([{ evidence: { ownCredentials: 'homeTenant' } }]);
    });
  });

  it('reports error instead of passing when the directory could not be read', () => {
    const s = snap([assignment(ROLE.owner, 'f9', SUBSCOPE, { principalType: 'ServicePrincipal' })]);
    s.directory = {
      principals: {},
      lookedUp: [],
      errors: [{ source: 'directory', scope: 'tenant', statusCode: 503, message: 'down' }],
    };
    const result = spPrivileged(s);
    expect(result.findings).toEqual([]);
    expect(result.errors.length).toBeGreaterThan(0);
  });
});

describe('rbac-guest-privileged', () => {
  it('flags a guest owner, at a resource group too (scopes below the subscription are not missed)', () => {
    expect(guest(snap([assignment(ROLE.owner, GUEST, RG)])).findings).toMatchObject([
      { severity: 'high', principalId: GUEST },
    ]);
  });

  it('passes a member with the same role, and a guest with Reader', () => {
    expect(
      guest(snap([assignment(ROLE.owner, ANN, RG), assignment(ROLE.reader, GUEST, SUBSCOPE)])).findings,
    ).toEqual([]);
  });
});

describe('rbac-keyvault-data-role-broad-scope', () => {
  it('flags Key Vault Secrets User at a subscription', () => {
    expect(
      kvDataRole(snap([assignment(ROLE.kvSecretsUser, MI, SUBSCOPE, { principalType: 'ServicePrincipal' })]))
        .findings,
    ).toHaveLength(1);
  });

  it('passes the same role on a vault', () => {
    const vault = `${RG}/providers/Microsoft.KeyVault/vaults/kv1`;
    expect(kvDataRole(snap([assignment(ROLE.kvSecretsUser, MI, vault)])).findings).toEqual([]);
  });

  it('flags Key Vault Crypto Service Release User at a subscription: it releases exportable keys', () => {
    expect(
      kvDataRole(snap([assignment('08bbd89e-9f13-488c-ac41-acfcb10c90ab', MI, SUBSCOPE)])).findings,
    ).toMatchObject([
      { message: expect.stringContaining('Key Vault Crypto Service Release User') as string },
    ]);
  });

  it('cannot pass a broad grant of a role whose definition was not read: it may read secrets', () => {
    const result = kvDataRole(snap([assignment('c9000000-0000-0000-0000-000000000009', MI, SUBSCOPE)]));
    expect(result.findings).toEqual([]);
    expect(result.errors.join(' ')).toContain('c9000000-0000-0000-0000-000000000009');
  });
});

describe('rbac-orphaned-assignment', () => {
  it('flags an assignment whose principal is absent from the directory, at any scope', () => {
    const s = snap([assignment(ROLE.reader, 'deleted-1', `${RG}/providers/Microsoft.Web/sites/app1`)]);
    s.directory.lookedUp.push('deleted-1');
    expect(orphaned(s).findings).toMatchObject([{ severity: 'low', principalId: 'deleted-1' }]);
  });

  it("does not call a CSP partner's group (principal type ForeignGroup) orphaned: it lives in the partner's tenant", () => {
    const partnerAdminAgents = 'f0000000-0000-4000-8000-0000000000aa';
    const s = snap([
      assignment(ROLE.owner, partnerAdminAgents, SUBSCOPE, { principalType: 'ForeignGroup' }),
      assignment(ROLE.reader, 'deleted-1', SUBSCOPE),
    ]);
    s.directory.lookedUp.push(partnerAdminAgents, 'deleted-1');
    const result = orphaned(s);
    expect(result.findings.map((f) => f.principalId)).toEqual(['deleted-1']);
    expect(result.evaluated).toBe(1);
    expect(result.notEvaluated).toEqual([{ reason: expect.stringContaining('ForeignGroup'), count: 1 }]);
    // Its Owner is still a privileged grant at the subscription, named for what it is.
    expect(broadScope(s).findings.map((f) => f.message)).toEqual([
      `group ${partnerAdminAgents} of another tenant holds Owner (Owner-level) at subscription scope ${SUBSCOPE}.`,
    ]);
  });

  it('calls nothing orphaned when the directory could not be read', () => {
    const s = snap([assignment(ROLE.reader, 'deleted-1', SUBSCOPE)]);
    s.directory = {
      principals: {},
      lookedUp: ['deleted-1'],
      errors: [{ source: 'directory', scope: 'tenant', message: 'x' }],
    };
    // (The pipeline marks the check `error` from its needs: test/pipeline/checkDependencies.test.ts.)
    expect(orphaned(s).findings).toEqual([]);
  });
});

describe('an assignment whose role definition could not be read', () => {
  it.each([
    ['rbac-privileged-role-broad-scope', broadScope, 'User'],
    ['rbac-service-principal-privileged', spPrivileged, 'ServicePrincipal'],
    ['rbac-guest-privileged', guest, 'User'],
  ])('makes %s report error instead of passing it', (_id, evaluate, principalType) => {
    const s = snap([assignment('0badc0de-0000-4000-8000-000000000000', GUEST, SUBSCOPE, { principalType })]);
    expect(evaluate(s).errors).toEqual([
      expect.stringMatching(/role definition 0badc0de-0000-4000-8000-000000000000 .* could not be read/),
    ]);
  });

  it('makes rbac-too-many-owners report error too', () => {
    const s = snap([assignment('0badc0de-0000-4000-8000-000000000000', ANN, SUBSCOPE)]);
    expect(tooManyOwners(s, context).errors).toHaveLength(1);
  });

  it('leaves checks that do not judge the grant alone: one at a resource group, one to a user', () => {
    const s = snap([
      assignment('0badc0de-0000-4000-8000-000000000000', GUEST, `${SUBSCOPE}/resourceGroups/rg`, {
        principalType: 'User',
      }),
    ]);
    expect(broadScope(s).errors).toEqual([]);
    expect(spPrivileged(s).errors).toEqual([]);
    expect(tooManyOwners(s, context).errors).toEqual([]);
  });
});
