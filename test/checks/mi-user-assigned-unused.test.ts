import { describe, expect, it } from 'vitest';

import { evaluate } from '../../src/checks/mi-user-assigned-unused/evaluate.js';
import { assignment, emptySnapshot, resource, ROLE, SUB } from './snapshotBuilder.js';

const uai = (name: string, principalId: string) =>
  resource('Microsoft.ManagedIdentity/userAssignedIdentities', {
    name,
    properties: { principalId, clientId: 'c' },
  });

describe('mi-user-assigned-unused', () => {
  it('flags an identity attached to nothing as low', () => {
    const result = evaluate(emptySnapshot({ resources: { items: [uai('id-old', 'p1')], errors: [] } }));
    expect(result.findings).toMatchObject([{ severity: 'low', principalId: 'p1' }]);
  });

  it('raises it to medium when the identity still holds role assignments', () => {
    const result = evaluate(
      emptySnapshot({
        resources: { items: [uai('id-old', 'p1')], errors: [] },
        roleAssignments: {
          items: [
            assignment(ROLE.reader, 'p1', `/subscriptions/${SUB}`, { principalType: 'ServicePrincipal' }),
          ],
          errors: [],
        },
      }),
    );
    expect(result.findings[0]?.severity).toBe('medium');
  });

  it('counts the roles a scoped run found outside its scope, each assignment once', () => {
    // A landing zone's identity subscription holds the identity; its roles are granted in the
    // workload subscriptions, outside a run scoped to the identities. One grant at a management group
    // above both is read in scope and found again outside.
    const atGroup = assignment(ROLE.reader, 'p1', '/providers/Microsoft.Management/managementGroups/lz', {
      principalType: 'ServicePrincipal',
    });
    const outsideId =
      '/subscriptions/5a000000-0000-4000-8000-000000000009/providers/microsoft.authorization/roleassignments/0b000000-0000-4000-8000-000000000001';
    const result = evaluate(
      emptySnapshot({
        resources: { items: [uai('id-old', 'p1'), uai('id-older', 'p2')], errors: [] },
        roleAssignments: { items: [atGroup], errors: [] },
        identityUse: {
          roleAssignments: [
            { id: atGroup.id.toLowerCase(), principalId: 'p1' },
            { id: outsideId, principalId: 'p1' },
            { id: `${outsideId}2`, principalId: 'p2' },
          ],
          errors: [],
        },
      }),
    );
    expect(result.findings).toMatchObject([
      {
        severity: 'medium',
        principalId: 'p1',
        evidence: { roleAssignments: 2, roleAssignmentsOutsideScope: 1 },
        message: expect.stringContaining(
          'holds 2 role assignment(s), 1 of them outside the audited scope',
        ) as string,
      },
      {
        severity: 'medium',
        principalId: 'p2',
        evidence: { roleAssignments: 1, roleAssignmentsOutsideScope: 1 },
      },
    ]);
  });

  it('says error, and calls no identity unused, when a read outside a scoped run failed', () => {
    const result = evaluate(
      emptySnapshot({
        resources: { items: [uai('id-old', 'p1')], errors: [] },
        identityUse: {
          roleAssignments: [],
          errors: [
            {
              source: 'identityUse',
              scope: '/subscriptions/elsewhere',
              statusCode: 429,
              message: 'throttled',
            },
          ],
        },
      }),
    );
    expect(result.findings).toEqual([]);
    expect(result.errors.join(' ')).toContain('identityUse could not be read at /subscriptions/elsewhere');
  });

  it('passes an identity attached to a resource, comparing ids case-insensitively', () => {
    const id = uai('id-app', 'p1');
    const app = resource('Microsoft.Web/sites', {
      identity: {
        type: 'UserAssigned',
        userAssignedIdentities: { [id.id.toUpperCase().replace('RESOURCEGROUPS', 'resourcegroups')]: {} },
      },
    });
    expect(evaluate(emptySnapshot({ resources: { items: [id, app], errors: [] } })).findings).toEqual([]);
  });

  it('passes an identity that only an Azure Policy assignment runs as, such as one at a management group', () => {
    // Policy remediations (deployIfNotExists, modify) run as the assignment's identity: no resource
    // lists it (createPolicyAssignmentWithUserAssignedIdentity.json, Azure/azure-rest-api-specs).
    const id = uai('id-policy-remediation', 'p1');
    const result = evaluate(
      emptySnapshot({
        resources: { items: [id, uai('id-left-over', 'p2')], errors: [] },
        policyAssignmentIdentities: {
          items: [
            {
              id: '/providers/Microsoft.Management/managementGroups/landing-zones/providers/Microsoft.Authorization/policyAssignments/deploy-diagnostics',
              identityIds: [id.id.toLowerCase()],
            },
          ],
          errors: [],
        },
      }),
    );
    expect(result.findings.map((f) => f.resourceId)).toEqual([uai('id-left-over', 'p2').id]);
  });

  it('says error, and calls no identity unused, when a policy assignment list could not be read', () => {
    const result = evaluate(
      emptySnapshot({
        resources: { items: [uai('id-old', 'p1')], errors: [] },
        policyAssignmentIdentities: {
          items: [],
          errors: [
            { source: 'policyAssignments', scope: `/subscriptions/${SUB}`, statusCode: 403, message: 'no' },
          ],
        },
      }),
    );
    expect(result.findings).toEqual([]);
    expect(result.errors).not.toEqual([]);
  });

  it('passes an identity that a resource of any type lists, as Resource Graph reported the reference', () => {
    const id = uai('id-appgw', 'p1');
    const result = evaluate(
      emptySnapshot({
        resources: { items: [id], errors: [] },
        identityInventory: {
          attachedUserAssigned: [id.id.toLowerCase()],
          coverageByType: [],
          coverageBySubscription: [],
          managedResourceGroups: [],
          errors: [],
        },
      }),
    );
    expect(result.findings).toEqual([]);
  });

  it('passes an identity used through a federated credential listed over ARM', () => {
    const id = uai('id-gh', 'p1');
    const fic = {
      id: `${id.id}/federatedIdentityCredentials/github`,
      identityId: id.id.toUpperCase(),
      name: 'github',
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'repo:org/app:environment:prod',
      audiences: ['api://AzureADTokenExchange'],
    };
    expect(
      evaluate(
        emptySnapshot({
          resources: { items: [id], errors: [] },
          federatedCredentials: { items: [fic], errors: [] },
        }),
      ).findings,
    ).toEqual([]);
  });

  it('cannot call an identity unused when its federated credentials could not be listed', () => {
    const id = uai('id-gh', 'p1');
    const result = evaluate(
      emptySnapshot({
        resources: { items: [id], errors: [] },
        federatedCredentials: {
          items: [],
          errors: [{ source: 'federatedCredentials', scope: id.id, statusCode: 403, message: 'denied' }],
        },
      }),
    );
    expect(result.findings).toEqual([]);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('claims nothing when some resources could not be read: the identity may be attached there', () => {
    const result = evaluate(
      emptySnapshot({
        resources: {
          items: [uai('id-old', 'p1')],
          errors: [{ source: 'resourceGraph', scope: '/subscriptions/b', message: 'x' }],
        },
      }),
    );
    expect(result.findings).toEqual([]);
    expect(result.errors).toHaveLength(1);
  });
});
