import { describe, expect, it } from 'vitest';

import { evaluate as accessDenied } from '../../src/checks/kv-access-denied/evaluate.js';
import { evaluate as nonMiCaller } from '../../src/checks/kv-non-managed-identity-caller/evaluate.js';
import { evaluate as massRetrieval } from '../../src/checks/kv-secret-mass-retrieval/evaluate.js';
import { evaluate as sensitiveOperation } from '../../src/checks/kv-sensitive-operation/evaluate.js';
import { VAULT_NOT_OBSERVED } from '../../src/checks/lib/keyVaultLogs.js';
import type { AuditSnapshot, KeyVaultAccessAggregate } from '../../src/collect/snapshot.js';
import {
  context,
  directory,
  emptySnapshot,
  graphApplication,
  graphServicePrincipal,
  kvRow,
  resource,
  vaultId,
} from './snapshotBuilder.js';

const vault = resource('Microsoft.KeyVault/vaults', { name: 'kv1', id: vaultId('kv1') });
const MI = 'c0000000-0000-0000-0000-000000000001';
const APP = 'c0000000-0000-0000-0000-000000000002';
const USER = 'c0000000-0000-0000-0000-000000000003';
const FIRST_PARTY = 'c0000000-0000-0000-0000-000000000004';

function snap(aggregates: KeyVaultAccessAggregate[], extra: Partial<AuditSnapshot> = {}): AuditSnapshot {
  return emptySnapshot({
    resources: { items: [vault], errors: [] },
    keyVaultLogs: { ...emptySnapshot().keyVaultLogs, aggregates },
    directory: directory(
      {
        id: MI,
        kind: 'servicePrincipal',
        displayName: 'app-orders',
        servicePrincipalType: 'ManagedIdentity',
      },
      {
        id: APP,
        kind: 'servicePrincipal',
        displayName: 'ci-deployer',
        servicePrincipalType: 'Application',
        appId: 'a1',
      },
      {
        id: USER,
        kind: 'user',
        displayName: 'Ann',
        userPrincipalName: 'ann@contoso.com',
        userType: 'Member',
      },
      {
        id: FIRST_PARTY,
        kind: 'servicePrincipal',
        displayName: 'Microsoft Azure App Service',
        servicePrincipalType: 'Application',
        appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
      },
    ),
    ...extra,
  });
}

describe('the Key Vault log checks', () => {
  it('do not count as evaluated a vault whose audit logs go to no workspace, and say how many they could not observe', () => {
    // Key Vault logging to a storage account only ("Enabling logging for Azure Key Vault saves this
    // information in an Azure storage account that you provide", Learn, Key Vault logging): nothing
    // the audit can query holds what the vault was asked.
    const toStorageOnly = snap([], {
      diagnosticSettings: {
        items: [
          {
            resourceId: vault.id,
            settings: [
              {
                name: 'archive',
                storageAccountId: `/subscriptions/${vault.subscriptionId}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sakvlogs`,
                logs: [{ categoryGroup: 'audit', enabled: true }],
              },
            ],
          },
        ],
        errors: [],
      },
    });
    for (const check of [accessDenied, nonMiCaller, massRetrieval, sensitiveOperation])
      expect(check(toStorageOnly, context)).toMatchObject({
        evaluated: 0,
        notEvaluated: [{ reason: VAULT_NOT_OBSERVED, count: 1 }],
      });
    // Sent to a workspace, the vault is evaluated.
    const toWorkspace = structuredClone(toStorageOnly);
    toWorkspace.diagnosticSettings.items[0]!.settings[0]!.workspaceId =
      toWorkspace.keyVaultLogs.workspaces[0]!.resourceId;
    expect(accessDenied(toWorkspace, context)).toMatchObject({ evaluated: 1 });
    expect(accessDenied(toWorkspace, context).notEvaluated).toBeUndefined();
  });
});

describe('kv-access-denied', () => {
  it('flags an identified caller refused with 403, one finding per vault and caller', () => {
    const result = accessDenied(
      snap([
        kvRow({ httpStatus: 403, callerObjectId: APP, operation: 'SecretGet', count: 4 }),
        kvRow({
          httpStatus: 403,
          callerObjectId: APP,
          operation: 'SecretList',
          count: 1,
          tables: ['AzureDiagnostics'],
          vaultId: vault.id.toUpperCase(),
        }),
      ]),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      principalId: APP,
      resourceId: vault.id,
      evidence: { count: 5, operations: ['SecretGet', 'SecretList'] },
    });
  });

  it("does not flag 401s: they are Key Vault's normal authentication challenge", () => {
    expect(
      accessDenied(
        snap([
          kvRow({ httpStatus: 401, operation: 'Authentication' }),
          kvRow({ httpStatus: 401, callerObjectId: APP }),
        ]),
      ).findings,
    ).toEqual([]);
  });

  it('does not flag an unidentified caller', () => {
    expect(accessDenied(snap([kvRow({ httpStatus: 403 })])).findings).toEqual([]);
  });

  // Unreadable workspaces make the log checks `error` through the pipeline, which knows which
  // workspaces each vault logs to: test/pipeline/checkDependencies.test.ts.
});

describe('kv-non-managed-identity-caller', () => {
  it('flags a service principal with its own credentials reading secrets', () => {
    const result = nonMiCaller(
      snap([kvRow({ callerObjectId: APP, callerAppId: 'a1', callerIdType: 'app' })]),
    );
    expect(result.findings).toMatchObject([
      {
        severity: 'high',
        principalId: APP,
        evidence: { callerKind: 'servicePrincipalWithCredentials', classifiedBy: 'directory' },
      },
    ]);
  });

  it('flags a user reading secrets, with the command that lists their roles on the vault', () => {
    const findings = nonMiCaller(
      snap([kvRow({ callerObjectId: USER, callerUpn: 'ann@contoso.com' })]),
    ).findings;
    expect(findings).toHaveLength(1);
    // A person has no app credentials: the app-credential command would keep <appId> unfilled.
    expect(findings[0]!.remediation?.cli).toBe(
      'az role assignment list --assignee <principalId> --scope <vaultId> --include-inherited',
    );
  });

  it('passes a managed identity', () => {
    expect(nonMiCaller(snap([kvRow({ callerObjectId: MI, callerIdType: 'app' })])).findings).toEqual([]);
  });

  it('passes Microsoft first-party services', () => {
    expect(
      nonMiCaller(snap([kvRow({ callerObjectId: FIRST_PARTY, operation: 'CertificateGet' })])).findings,
    ).toEqual([]);
  });

  it('tells callers apart by token claims when the directory does not know them', () => {
    const unknownMi = kvRow({
      callerObjectId: 'd0000000-0000-0000-0000-000000000001',
      callerIdType: 'app',
      callerManagedIdentityResourceId: '/subscriptions/s/x',
    });
    const unknownApp = kvRow({
      callerObjectId: 'd0000000-0000-0000-0000-000000000002',
      callerIdType: 'app',
      callerAppId: 'a9',
    });
    const result = nonMiCaller(snap([unknownMi, unknownApp]));
    expect(result.findings.map((f) => f.principalId)).toEqual(['d0000000-0000-0000-0000-000000000002']);
    expect(result.findings[0]!.evidence['classifiedBy']).toMatch(/token claims/);
  });

  it('ignores failed calls and operations that are not reads', () => {
    expect(
      nonMiCaller(
        snap([
          kvRow({ callerObjectId: APP, httpStatus: 403 }),
          kvRow({ callerObjectId: APP, operation: 'VaultGet' }),
        ]),
      ).findings,
    ).toEqual([]);
  });

  it('does not count lists, which return names and no values, and counts a backup', () => {
    // A list gives "only the base secret identifier and its attributes ... The secret values and
    // individual secret versions are not listed" (Azure SDK, SecretClient.listPropertiesOfSecrets).
    const lists = ['SecretList', 'SecretListVersions', 'KeyList', 'CertificateListDeleted'].map((operation) =>
      kvRow({ callerObjectId: USER, callerUpn: 'ann@contoso.com', operation }),
    );
    expect(nonMiCaller(snap(lists)).findings).toEqual([]);
    const backup = kvRow({ callerObjectId: USER, callerUpn: 'ann@contoso.com', operation: 'SecretBackup' });
    expect(nonMiCaller(snap([...lists, backup])).findings).toMatchObject([
      { evidence: { operations: ['SecretBackup'] } },
    ]);
  });

  it('passes an app that Microsoft Graph shows with no secret or certificate (a federated pipeline)', () => {
    const read = kvRow({ callerObjectId: APP, callerAppId: 'a1', callerIdType: 'app' });
    const applications = (passwordCredentials: { keyId: string }[]) => ({
      applications: [graphApplication('a1', { passwordCredentials })],
      servicePrincipals: [graphServicePrincipal(APP, 'a1')],
      errors: [],
    });
    expect(nonMiCaller(snap([read], { applications: applications([]) })).findings).toEqual([]);
    expect(
      nonMiCaller(snap([read], { applications: applications([{ keyId: 'k1' }]) })).findings,
    ).toMatchObject([{ principalId: APP, evidence: { ownCredentials: 'held' } }]);
  });
});

describe('kv-secret-mass-retrieval', () => {
  it('flags a caller that read at least the threshold of distinct secrets', () => {
    const result = massRetrieval(
      snap([kvRow({ callerObjectId: USER, distinctObjects: 25, count: 40 })]),
      context,
    );
    expect(result.findings).toMatchObject([{ evidence: { distinctSecrets: 25, threshold: 25 } }]);
  });

  it('passes a workload that reads one secret many times', () => {
    expect(
      massRetrieval(snap([kvRow({ callerObjectId: MI, distinctObjects: 1, count: 5000 })]), context).findings,
    ).toEqual([]);
  });

  it('honours a configured threshold', () => {
    expect(
      massRetrieval(snap([kvRow({ callerObjectId: MI, distinctObjects: 10 })]), {
        ...context,
        kvMassRetrievalThreshold: 10,
      }).findings,
    ).toHaveLength(1);
  });

  it('does not add up the same reads logged to both tables', () => {
    const rows = [
      kvRow({ callerObjectId: USER, distinctObjects: 20 }),
      kvRow({ callerObjectId: USER, distinctObjects: 20, tables: ['AzureDiagnostics'] }),
    ];
    expect(massRetrieval(snap(rows), context).findings).toEqual([]);
  });
});

describe('kv-sensitive-operation', () => {
  it('flags deletes and backups as medium and purges as high, one finding per operation', () => {
    const result = sensitiveOperation(
      snap([
        kvRow({ callerObjectId: USER, operation: 'SecretDelete' }),
        kvRow({ callerObjectId: USER, operation: 'SecretPurge' }),
        kvRow({ callerObjectId: APP, operation: 'KeyBackup' }),
      ]),
    );
    expect(result.findings.map((f) => [f.evidence['operation'], f.severity])).toEqual([
      ['SecretDelete', 'medium'],
      ['SecretPurge', 'high'],
      ['KeyBackup', 'medium'],
    ]);
  });

  it('ignores refused attempts and ordinary reads', () => {
    expect(
      sensitiveOperation(
        snap([kvRow({ operation: 'SecretPurge', httpStatus: 403 }), kvRow({ operation: 'SecretGet' })]),
      ).findings,
    ).toEqual([]);
  });
});
