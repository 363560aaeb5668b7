import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { PermissionBlock } from '../../../src/collect/snapshot.js';
import {
  actionMatches,
  allowsAction,
  effectivePermissions,
  nonReadGrants,
  privilegeClass,
} from '../../../src/checks/lib/effectivePermissions.js';
import { builtInRoleDefinitions, ROLE } from '../snapshotBuilder.js';

const block = (p: Partial<PermissionBlock>): PermissionBlock[] => [
  { actions: [], notActions: [], dataActions: [], notDataActions: [], ...p },
];
const builtIn = (guid: string) => builtInRoleDefinitions().find((r) => r.guid === guid)!.permissions;

describe('actionMatches', () => {
  it.each([
    ['*', 'Microsoft.Compute/virtualMachines/write', true],
    ['*/read', 'Microsoft.Compute/virtualMachines/read', true],
    ['*/read', 'Microsoft.Compute/virtualMachines/write', false],
    ['Microsoft.Authorization/*', 'microsoft.authorization/roleassignments/write', true],
    ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/read', false],
    ['Microsoft.Authorization/roleAssignments/*', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Compute/*', 'Microsoft.Storage/storageAccounts/write', false],
    ['Microsoft.Web/sites/*', 'Microsoft.Web/sitesx/write', false],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
});

describe('privilegeClass', () => {
  it.each([
    [ROLE.owner, 'owner'],
    [ROLE.contributor, 'contributor'],
    [ROLE.uaa, 'delegation'],
    [ROLE.rbacAdmin, 'delegation'],
    [ROLE.reader, undefined],
    [ROLE.logAnalyticsReader, undefined],
    [ROLE.kvAdministrator, undefined],
  ])('classifies built-in %s as %s', (guid, expected) => {
    expect(privilegeClass(builtIn(guid))).toBe(expected);
  });

  it('catches a custom role equal to Owner however it is spelt', () => {
    expect(privilegeClass(block({ actions: ['*/write', '*/delete', '*/read', '*/action'] }))).toBe('owner');
    expect(privilegeClass(block({ actions: ['*'], notActions: ['Microsoft.Compute/*'] }))).toBe('owner');
  });

  it("knows that Key Vault Data Access Administrator delegates only under its definition's condition", () => {
    // "Includes an ABAC condition to constrain role assignments" (Azure built-in roles, security):
    // the condition sits in the role's own permission block. Still access delegation (contract:
    // "lower severity, not excused").
    const kvDataAccessAdministrator = builtIn('8b54135c-b56d-4d72-a534-26097cfdc8d8');
    expect(kvDataAccessAdministrator[0]?.condition).toContain(
      '@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]',
    );
    expect(privilegeClass(kvDataAccessAdministrator)).toBe('delegation');
    expect(effectivePermissions(kvDataAccessAdministrator).writesRoleAssignmentsUnderCondition).toBe(true);
    expect(effectivePermissions(builtIn(ROLE.uaa)).writesRoleAssignmentsUnderCondition).toBe(false);
  });

  it('calls a custom role that writes every resource Contributor-level, whether or not it deletes', () => {
    // write "Enables write actions (PUT or PATCH)" (Learn, "Understand Azure role definitions").
    expect(privilegeClass(block({ actions: ['*/write'], notActions: ['Microsoft.Authorization/*'] }))).toBe(
      'contributor',
    );
    expect(
      privilegeClass(block({ actions: ['*/write', '*/action'], notActions: ['Microsoft.Authorization/*'] })),
    ).toBe('contributor');
    expect(
      privilegeClass(block({ actions: ['*'], notActions: ['*/delete', 'Microsoft.Authorization/*'] })),
    ).toBe('contributor');
  });

  it('does not call */read alone privileged (ScoutSuite #1501)', () => {
    expect(privilegeClass(block({ actions: ['*/read'] }))).toBeUndefined();
  });

  it('does not call a wildcard confined to one provider "writes everything"', () => {
    expect(effectivePermissions(block({ actions: ['Microsoft.Compute/*'] })).writesEverything).toBe(false);
  });

  it('subtracts notActions within the same block only', () => {
    const twoBlocks: PermissionBlock[] = [
      {
        actions: ['*'],
        notActions: ['Microsoft.Authorization/*/Write'],
        dataActions: [],
        notDataActions: [],
      },
      {
        actions: ['Microsoft.Authorization/roleAssignments/write'],
        notActions: [],
        dataActions: [],
        notDataActions: [],
      },
    ];
    expect(privilegeClass(twoBlocks)).toBe('owner');
  });
});

describe('nonReadGrants', () => {
  it.each([ROLE.reader, ROLE.logAnalyticsReader, ROLE.monitoringReader])(
    'finds nothing beyond reads in reader role %s',
    (guid) => expect(nonReadGrants(builtIn(guid))).toEqual({ actions: [], dataActions: [] }),
  );

  it('notices that Key Vault Reader, as Azure defines it, can start deployments and edit alert rules', () => {
    expect(nonReadGrants(builtIn(ROLE.kvReader))).toEqual({
      actions: ['Microsoft.Insights/alertRules/*', 'Microsoft.Resources/deployments/*'],
      dataActions: [],
    });
  });

  it('names the wildcard that lets Contributor write', () => {
    expect(nonReadGrants(builtIn(ROLE.contributor)).actions).toEqual(['*']);
  });

  it('names data actions beyond reads', () => {
    expect(nonReadGrants(builtIn(ROLE.kvSecretsUser)).dataActions).toEqual([
      'Microsoft.KeyVault/vaults/secrets/getSecret/action',
    ]);
  });
});

const segment = fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,8}$/);
const action = fc
  .tuple(segment, segment, fc.constantFrom('read', 'write', 'delete', 'action'))
  .map((p) => p.join('/'));
const pattern = fc.oneof(
  action,
  fc.tuple(segment).map(([s]) => `${s}/*`),
  fc.constantFrom('*', '*/read', '*/write', '*/delete'),
);

describe('effective permission laws', () => {
  it('never widens when a notAction is added', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 4 }),
        fc.array(pattern, { maxLength: 3 }),
        pattern,
        action,
        (actions, notActions, extra, probe) => {
          const before = allowsAction(block({ actions, notActions }), probe);
          const after = allowsAction(block({ actions, notActions: [...notActions, extra] }), probe);
          return !after || before;
        },
      ),
    );
  });

  it('lets * cover every action', () => {
    fc.assert(fc.property(action, (probe) => allowsAction(block({ actions: ['*'] }), probe)));
  });

  it('matches actions case-insensitively', () => {
    fc.assert(
      fc.property(
        pattern,
        action,
        (p, a) => actionMatches(p, a) === actionMatches(p.toUpperCase(), a.toLowerCase()),
      ),
    );
  });
});
