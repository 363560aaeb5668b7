import { describe, expect, it } from 'vitest';

import { ARG_SCHEMAS, LOG_ANALYTICS_SCHEMAS, validateQuery } from '../../emulator/kql/index.js';
import {
  AZKV_AUDIT_AGGREGATE_QUERY,
  AZKV_AUDIT_VOLUME_QUERY,
  AZURE_DIAGNOSTICS_AGGREGATE_QUERY,
  AZURE_DIAGNOSTICS_VOLUME_QUERY,
  BATCH_POOLS_QUERY,
  IDENTITY_CANDIDATES_QUERY,
  IDENTITY_COVERAGE_QUERY,
  MANAGED_RESOURCE_GROUPS_QUERY,
  LOCAL_AUTH_QUERY,
  MANAGEMENT_GROUPS_QUERY,
  scopeToVaults,
  SP_SIGNIN_QUERY,
  SUBSCRIPTIONS_QUERY,
  USER_ASSIGNED_ATTACHMENTS_QUERY,
  USER_ASSIGNED_IDENTITIES_QUERY,
  VAULTS_AND_WORKSPACES_QUERY,
} from '../../src/collect/queries.js';

describe('the query texts mi-auditor ships', () => {
  it.each([
    ['IDENTITY_CANDIDATES_QUERY', IDENTITY_CANDIDATES_QUERY],
    ['IDENTITY_COVERAGE_QUERY', IDENTITY_COVERAGE_QUERY],
    ['USER_ASSIGNED_ATTACHMENTS_QUERY', USER_ASSIGNED_ATTACHMENTS_QUERY],
    ['BATCH_POOLS_QUERY', BATCH_POOLS_QUERY],
    ['MANAGED_RESOURCE_GROUPS_QUERY', MANAGED_RESOURCE_GROUPS_QUERY],
    ['VAULTS_AND_WORKSPACES_QUERY', VAULTS_AND_WORKSPACES_QUERY],
    ['USER_ASSIGNED_IDENTITIES_QUERY', USER_ASSIGNED_IDENTITIES_QUERY],
    ['SUBSCRIPTIONS_QUERY', SUBSCRIPTIONS_QUERY],
    ['MANAGEMENT_GROUPS_QUERY', MANAGEMENT_GROUPS_QUERY],
    ['LOCAL_AUTH_QUERY', LOCAL_AUTH_QUERY],
  ])("%s is valid against Resource Graph's schema", (_name, query) => {
    expect(validateQuery(query, ARG_SCHEMAS)).toEqual([]);
  });

  it.each([
    ['AZKV_AUDIT_AGGREGATE_QUERY', AZKV_AUDIT_AGGREGATE_QUERY],
    ['AZURE_DIAGNOSTICS_AGGREGATE_QUERY', AZURE_DIAGNOSTICS_AGGREGATE_QUERY],
    ['AZKV_AUDIT_VOLUME_QUERY', AZKV_AUDIT_VOLUME_QUERY],
    ['AZURE_DIAGNOSTICS_VOLUME_QUERY', AZURE_DIAGNOSTICS_VOLUME_QUERY],
    ['SP_SIGNIN_QUERY', SP_SIGNIN_QUERY],
    [
      'the AZKVAuditLogs aggregate for a run of vaults',
      scopeToVaults(AZKV_AUDIT_AGGREGATE_QUERY, '_ResourceId', '/a', "/b'c"),
    ],
    [
      'the AzureDiagnostics aggregate for one vault',
      scopeToVaults(AZURE_DIAGNOSTICS_AGGREGATE_QUERY, 'ResourceId', '/a', '/a'),
    ],
  ])('%s is valid against the Log Analytics Key Vault schema', (_name, query) => {
    expect(validateQuery(query, LOG_ANALYTICS_SCHEMAS)).toEqual([]);
  });

  it('would catch a misspelt column', () => {
    expect(
      validateQuery(
        AZKV_AUDIT_AGGREGATE_QUERY.replace('CallerIpAddress', 'CallerIPAddress'),
        LOG_ANALYTICS_SCHEMAS,
      )[0]?.code,
    ).toBe('KS142');
  });
});
