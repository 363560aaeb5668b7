import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { listRoleActivations, standingAssignments } from '../../src/collect/roleActivations.js';
import type { RoleAssignment, RoleEligibility } from '../../src/collect/snapshot.js';

const sub = (n: number) => `5a000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const USER = 'b2000000-0000-4000-8000-000000000005';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const assignmentId = (scope: string, n: number) =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/ac000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const eligibility = (scope: string): RoleEligibility => ({
  id: `${scope}/providers/Microsoft.Authorization/roleEligibilitySchedules/e1`,
  scope,
  roleDefinitionGuid: OWNER,
  principalId: USER,
  principalType: 'User',
});

const assignment = (scope: string, n: number): RoleAssignment => ({
  id: assignmentId(scope, n),
  name: `ac${n}`,
  scope,
  roleDefinitionGuid: OWNER,
  roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`,
  principalId: USER,
  principalType: 'User',
});

/** An authorization client whose instance lists answer `instances` per scope, or fail with `failing`. */
function fakeClients(instances: Record<string, object[]>, failing: Record<string, Error> = {}) {
  const asked: { scope: string; filter?: string }[] = [];
  const client = {
    roleAssignmentScheduleInstances: {
      listForScope: (scope: string, options?: { filter?: string }) => {
        asked.push({ scope, ...(options?.filter ? { filter: options.filter } : {}) });
        return (async function* () {
          await Promise.resolve();
          const error = failing[scope];
          if (error) throw error;
          yield* instances[scope] ?? [];
        })();
      },
    },
  };
  return { clients: { authorization: () => client } as unknown as AzureClients, asked };
}

describe('listRoleActivations', () => {
  it('asks nothing where no eligibility is in effect: only an eligible principal can activate', async () => {
    const fake = fakeClients({});
    expect(await listRoleActivations(fake.clients, [], sub(1))).toEqual({ items: [], errors: [] });
    expect(fake.asked).toEqual([]);
  });

  it('lists each eligible subscription whole and each eligible group at and above it, keeping only the Activated', async () => {
    const s = `/subscriptions/${sub(2)}`;
    const group = '/providers/Microsoft.Management/managementGroups/platform';
    const fake = fakeClients({
      [s]: [
        { assignmentType: 'Assigned', originRoleAssignmentId: assignmentId(s, 1) },
        { assignmentType: 'Activated', originRoleAssignmentId: assignmentId(s, 2) },
      ],
      [group]: [{ assignmentType: 'Activated', originRoleAssignmentId: assignmentId(group, 3) }],
    });
    const result = await listRoleActivations(
      fake.clients,
      [eligibility(s), eligibility(`${s}/resourceGroups/rg-a`), eligibility(group)],
      sub(2),
    );
    expect(fake.asked).toEqual([{ scope: s }, { scope: group, filter: 'atScope()' }]);
    expect(result.errors).toEqual([]);
    expect(result.items.map((a) => a.key)).toEqual([
      assignmentId(s, 2).toLowerCase(),
      assignmentId(group, 3).toLowerCase(),
    ]);
  });

  it("reads a group's activations through a readable subscription below it, whose list holds those above it", async () => {
    const s = `/subscriptions/${sub(6)}`;
    const group = '/providers/Microsoft.Management/managementGroups/platform';
    const fake = fakeClients({
      [s]: [{ assignmentType: 'Activated', originRoleAssignmentId: assignmentId(group, 7) }],
    });
    const result = await listRoleActivations(fake.clients, [eligibility(group)], sub(6), (mg) =>
      mg === 'platform' ? sub(6) : undefined,
    );
    expect(fake.asked).toEqual([{ scope: s }]);
    expect(result.items.map((a) => a.key)).toEqual([assignmentId(group, 7).toLowerCase()]);
  });

  it('makes a failed list an error of the role assignments at its scope, so the role checks are blind there', async () => {
    const s = `/subscriptions/${sub(3)}`;
    const fake = fakeClients({}, { [s]: new RestError('busy', { statusCode: 503 }) });
    const result = await listRoleActivations(fake.clients, [eligibility(s)], sub(3));
    expect(result.items).toEqual([]);
    expect(result.errors).toMatchObject([{ source: 'roleAssignments', scope: s }]);
  });

  it("reads ARM's PIM licence refusal as no activation, as it reads the eligibility lists", async () => {
    const s = `/subscriptions/${sub(5)}`;
    const refusal = new RestError('The tenant needs an AAD Premium 2 license.', {
      statusCode: 400,
      code: 'AadPremiumLicenseRequired',
    });
    const fake = fakeClients({}, { [s]: refusal });
    expect(await listRoleActivations(fake.clients, [eligibility(s)], sub(5))).toEqual({
      items: [],
      errors: [],
    });
  });
});

describe('standingAssignments', () => {
  const s = `/subscriptions/${sub(4)}`;
  const read = { items: [assignment(s, 1), assignment(`${s}/resourceGroups/rg-a`, 2)], errors: [] };

  it('leaves out the assignment an activation names by its id, whatever the case of either', () => {
    const result = standingAssignments(read, {
      items: [{ id: 'i', key: assignmentId(s, 1).toLowerCase() }],
      errors: [],
    });
    expect(result.items.map((a) => a.id)).toEqual([assignmentId(`${s}/resourceGroups/rg-a`, 2)]);
  });

  it('leaves out the assignment of the same principal, role and scope where the instance names no id', () => {
    const result = standingAssignments(read, {
      items: [{ id: 'i', key: `${USER}|${OWNER}|${s}/resourcegroups/rg-a` }],
      errors: [],
    });
    expect(result.items.map((a) => a.id)).toEqual([assignmentId(s, 1)]);
  });

  it("keeps every assignment, and joins the activations' errors to the assignments' own", () => {
    const error = {
      source: 'roleAssignments' as const,
      scope: s,
      code: 'ServiceUnavailable',
      message: 'busy',
    };
    const result = standingAssignments(read, { items: [], errors: [error] });
    expect(result.items).toEqual(read.items);
    expect(result.errors).toEqual([error]);
  });
});
