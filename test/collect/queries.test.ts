import { describe, expect, it } from 'vitest';

import { ARG_SCHEMAS, LOG_ANALYTICS_SCHEMAS, validateQuery } from '../../emulator/kql/index.js';
import {
  KEY_VAULT_AUDIT_AGGREGATE_QUERY,
  KEY_VAULT_AUDIT_VOLUME_QUERY,
  BATCH_POOLS_QUERY,
  IDENTITY_CANDIDATES_QUERY,
  IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY,
  IDENTITY_COVERAGE_BY_TYPE_QUERY,
  MANAGED_RESOURCE_GROUPS_QUERY,
  LOCAL_AUTH_QUERY,
  MANAGEMENT_GROUPS_QUERY,
  scopeToVaults,
  SP_SIGNIN_QUERY,
  SUBSCRIPTIONS_QUERY,
  USER_ASSIGNED_ATTACHMENTS_QUERY,
  resourceIdsOfTypes,
  roleAssignmentsOfPrincipals,
  userAssignedAttachmentsTo,
  VAULTS_AND_WORKSPACES_QUERY,
  workspacesById,
} from '../../src/collect/queries.js';

describe('the query texts mi-auditor ships', () => {
  it('pages identity references in an order unique to each row (a resource with several identities gives several rows)', () => {
    // "When paginating results sorted by a non-unique column, you might encounter duplicate or
    // missing records even in static environments" (Learn, Resource Graph "Paging results").
    for (const query of [
      USER_ASSIGNED_ATTACHMENTS_QUERY,
      userAssignedAttachmentsTo('resources', ['5a000000-0000-4000-8000-000000000002']),
      userAssignedAttachmentsTo('batchresources', ['5a000000-0000-4000-8000-000000000002']),
    ])
      expect(query.trim().split('\n').pop()).toBe('| order by id asc, identityId asc');
  });

  it.each([
    ['IDENTITY_CANDIDATES_QUERY', IDENTITY_CANDIDATES_QUERY],
    ['IDENTITY_COVERAGE_BY_TYPE_QUERY', IDENTITY_COVERAGE_BY_TYPE_QUERY],
    ['IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY', IDENTITY_COVERAGE_BY_SUBSCRIPTION_QUERY],
    ['USER_ASSIGNED_ATTACHMENTS_QUERY', USER_ASSIGNED_ATTACHMENTS_QUERY],
    ['BATCH_POOLS_QUERY', BATCH_POOLS_QUERY],
    ['MANAGED_RESOURCE_GROUPS_QUERY', MANAGED_RESOURCE_GROUPS_QUERY],
    ['VAULTS_AND_WORKSPACES_QUERY', VAULTS_AND_WORKSPACES_QUERY],
    ['SUBSCRIPTIONS_QUERY', SUBSCRIPTIONS_QUERY],
    ['MANAGEMENT_GROUPS_QUERY', MANAGEMENT_GROUPS_QUERY],
    ['LOCAL_AUTH_QUERY', LOCAL_AUTH_QUERY],
    [
      'the references to identities of some subscriptions, in resources',
      userAssignedAttachmentsTo('resources', ['5a000000-0000-4000-8000-000000000002', "o'dd"]),
    ],
    [
      'the references to identities of some subscriptions, in Batch pools',
      userAssignedAttachmentsTo('batchresources', ['5a000000-0000-4000-8000-000000000002']),
    ],
    ['the resources of some types', resourceIdsOfTypes(['microsoft.machinelearningservices/workspaces'])],
    [
      'the role assignments of some principals',
      roleAssignmentsOfPrincipals(['f6000000-0000-4000-8000-000000000022', "o'dd"]),
    ],
    [
      'the workspaces of some ids',
      workspacesById([
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law',
      ]),
    ],
  ])("%s is valid against Resource Graph's schema", (_name, query) => {
    expect(validateQuery(query, ARG_SCHEMAS)).toEqual([]);
  });

  it.each([
    ['KEY_VAULT_AUDIT_AGGREGATE_QUERY', KEY_VAULT_AUDIT_AGGREGATE_QUERY],
    ['KEY_VAULT_AUDIT_VOLUME_QUERY', KEY_VAULT_AUDIT_VOLUME_QUERY],
    ['the aggregate for a run of vaults', scopeToVaults(KEY_VAULT_AUDIT_AGGREGATE_QUERY, '/a', "/b'c")],
    ['the aggregate for one vault', scopeToVaults(KEY_VAULT_AUDIT_AGGREGATE_QUERY, '/a', '/a')],
    ['SP_SIGNIN_QUERY', SP_SIGNIN_QUERY],
  ])('%s is valid against the Log Analytics Key Vault schema', (_name, query) => {
    expect(validateQuery(query, LOG_ANALYTICS_SCHEMAS)).toEqual([]);
  });

  it('would catch a misspelt column', () => {
    expect(
      validateQuery(
        KEY_VAULT_AUDIT_AGGREGATE_QUERY.replace('CallerIpAddress', 'CallerIPAddress'),
        LOG_ANALYTICS_SCHEMAS,
      )[0]?.code,
    ).toBe('KS142');
  });
});
