import { describe, expect, it } from 'vitest';

import { evaluate as expiry } from '../../src/checks/app-credential-expiry/evaluate.js';
import { evaluate as secret, REGISTERED_ELSEWHERE } from '../../src/checks/app-secret-credential/evaluate.js';
import type {
  AuditSnapshot,
  GraphApplication,
  GraphCredential,
  GraphServicePrincipal,
  KeyVaultAccessAggregate,
  RoleAssignment,
} from '../../src/collect/snapshot.js';
import { assignment, context, emptySnapshot, ROLE, SUB } from './snapshotBuilder.js';

const SP = '5e000000-0000-0000-0000-000000000001';
const APP_ID = 'a0000000-0000-0000-0000-000000000001';
const APP_OBJECT = 'b0000000-0000-0000-0000-000000000001';
const VAULT = `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1`;

const cred = (
  keyId: string,
  start: string,
  end: string,
  extra: Partial<GraphCredential> = {},
): GraphCredential => ({
  keyId,
  displayName: keyId.slice(0, 4),
  startDateTime: start,
  endDateTime: end,
  ...extra,
});
// context.now is 2026-11-20T06:00:00Z
const LIVE = cred('11111111-0000-0000-0000-000000000001', '2026-06-01T00:00:00Z', '2027-06-01T00:00:00Z');
const EXPIRED = cred('11111111-0000-0000-0000-000000000002', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
const EXPIRING = cred('11111111-0000-0000-0000-000000000003', '2026-01-01T00:00:00Z', '2026-12-01T00:00:00Z');
const LONG = cred('11111111-0000-0000-0000-000000000004', '2025-01-01T00:00:00Z', '2028-01-01T00:00:00Z');

function sp(extra: Partial<GraphServicePrincipal> = {}): GraphServicePrincipal {
  return {
    id: SP,
    appId: APP_ID,
    displayName: 'ci-deployer',
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: '00000000-0000-0000-0000-0000000000aa',
    passwordCredentials: [],
    keyCredentials: [],
    ...extra,
  };
}

function app(extra: Partial<GraphApplication> = {}): GraphApplication {
  return {
    id: APP_OBJECT,
    appId: APP_ID,
    displayName: 'ci-deployer',
    passwordCredentials: [],
    keyCredentials: [],
    federatedIdentityCredentials: [],
    ...extra,
  };
}

const vaultRead = (extra: Partial<KeyVaultAccessAggregate> = {}): KeyVaultAccessAggregate => ({
  vaultId: VAULT,
  operation: 'SecretGet',
  httpStatus: 200,
  callerObjectId: SP,
  callerAppId: APP_ID,
  callerIdType: 'app',
  callerIps: ['203.0.113.7'],
  count: 4,
  distinctObjects: 2,
  firstSeen: '2026-11-18T00:00:00Z',
  lastSeen: '2026-11-19T00:00:00Z',
  tables: ['AZKVAuditLogs'],
  workspaceId: 'ws',
  ...extra,
});

function snap(options: {
  application?: GraphApplication;
  servicePrincipal?: GraphServicePrincipal;
  assignments?: RoleAssignment[];
  reads?: KeyVaultAccessAggregate[];
  overrides?: Partial<AuditSnapshot>;
}): AuditSnapshot {
  const base = emptySnapshot({
    roleAssignments: { items: options.assignments ?? [], errors: [] },
    applications: {
      applications: options.application ? [options.application] : [],
      servicePrincipals: [options.servicePrincipal ?? sp()],
      errors: [],
    },
    ...options.overrides,
  });
  base.keyVaultLogs.aggregates = options.reads ?? [];
  return base;
}

const rgScope = `/subscriptions/${SUB}/resourceGroups/rg`;
const spAssignment = (scope: string) =>
  assignment(ROLE.contributor, SP, scope, { principalType: 'ServicePrincipal' });

describe('app-secret-credential', () => {
  it('flags a client secret with a role at subscription scope as high, on /applications/{object id}', () => {
    const r = secret(
      snap({
        application: app({ passwordCredentials: [LIVE] }),
        assignments: [spAssignment(`/subscriptions/${SUB}`)],
      }),
      context,
    );
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      severity: 'high',
      resourceId: `/applications/${APP_OBJECT}`,
      principalId: SP,
    });
    expect(r.findings[0]?.evidence['credentials']).toEqual([
      expect.objectContaining({ type: 'clientSecret', keyId: LIVE.keyId, expired: false }),
    ]);
    expect(r.findings[0]?.remediation?.cli).toContain(
      `az ad app credential delete --id ${APP_ID} --key-id ${LIVE.keyId}`,
    );
  });

  it("does not take a SAML app's token-signing certificate, or a token-encryption one, for a sign-in credential", () => {
    // servicePrincipal: addTokenSigningCertificate adds a private key (usage Sign), its public key
    // (Verify) and the PFX's password: "All the objects have the same value of customKeyIdentifier",
    // the password and the private key "have the same value of keyId" (Graph). Token encryption:
    // a key of usage Encrypt on the app registration.
    const thumbprint = '8C5A0E4F3B2D1C0A9F8E7D6C5B4A39281706F5E4';
    const signKey = '22222222-0000-0000-0000-000000000001';
    const samlApp = sp({
      passwordCredentials: [
        cred(signKey, '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z', { customKeyIdentifier: thumbprint }),
      ],
      keyCredentials: [
        cred(signKey, '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z', {
          usage: 'Sign',
          type: 'AsymmetricX509Cert',
          customKeyIdentifier: thumbprint,
        }),
        cred('22222222-0000-0000-0000-000000000002', '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z', {
          usage: 'Verify',
          type: 'AsymmetricX509Cert',
          customKeyIdentifier: thumbprint,
        }),
      ],
    });
    const encrypting = app({
      keyCredentials: [
        cred('22222222-0000-0000-0000-000000000003', '2018-10-25T00:00:00Z', '2039-12-31T00:00:00Z', {
          usage: 'Encrypt',
          type: 'AsymmetricX509Cert',
        }),
      ],
    });
    const s = snap({
      servicePrincipal: samlApp,
      application: encrypting,
      assignments: [spAssignment(`/subscriptions/${SUB}`)],
    });
    expect(secret(s, context).findings).toEqual([]);
    expect(expiry(s, context).findings).toEqual([]);

    // A sign-in certificate (Verify, its own thumbprint) beside them is still one.
    samlApp.keyCredentials.push(
      cred('22222222-0000-0000-0000-000000000004', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', {
        usage: 'Verify',
        type: 'AsymmetricX509Cert',
        customKeyIdentifier: 'B1C2D3E4F5A60718293A4B5C6D7E8F9012345678',
      }),
    );
    expect(secret(s, context).findings[0]?.evidence['credentials']).toEqual([
      expect.objectContaining({
        type: 'certificate',
        on: 'servicePrincipal',
        keyId: '22222222-0000-0000-0000-000000000004',
      }),
    ]);
  });

  it('does not pass an app registered in another tenant: it says how many it could not see the credentials of', () => {
    // "the application's "home" tenant" holds the registration (Learn, "Application and service
    // principal objects"); here only its service principal, without credentials of its own.
    const r = secret(
      snap({
        servicePrincipal: sp({ appOwnerOrganizationId: 'c0000000-0000-0000-0000-0000000000c0' }),
        assignments: [spAssignment(`/subscriptions/${SUB}`)],
      }),
      context,
    );
    expect(r).toMatchObject({
      findings: [],
      evaluated: 0,
      notEvaluated: [{ reason: REGISTERED_ELSEWHERE, count: 1 }],
    });
  });

  it('offers no federated-credential command to a service principal without an app registration here', () => {
    const r = secret(
      snap({ servicePrincipal: sp({ passwordCredentials: [LIVE] }), assignments: [spAssignment(rgScope)] }),
      context,
    );
    expect(r.findings[0]?.remediation?.cli).toBe(
      `az ad sp credential delete --id ${SP} --key-id ${LIVE.keyId}`,
    );
  });

  it('rates a secret with only a resource-group role medium, and a certificate one step lower', () => {
    expect(
      secret(
        snap({ application: app({ passwordCredentials: [LIVE] }), assignments: [spAssignment(rgScope)] }),
        context,
      ).findings[0]?.severity,
    ).toBe('medium');
    expect(
      secret(
        snap({ application: app({ keyCredentials: [LIVE] }), assignments: [spAssignment(rgScope)] }),
        context,
      ).findings[0]?.severity,
    ).toBe('low');
    expect(
      secret(
        snap({
          application: app({ keyCredentials: [LIVE] }),
          assignments: [spAssignment(`/subscriptions/${SUB}`)],
        }),
        context,
      ).findings[0]?.severity,
    ).toBe('medium');
  });

  it('counts a successful secret read from a vault as reach (high), and lists the vault', () => {
    const r = secret(
      snap({ application: app({ passwordCredentials: [LIVE] }), reads: [vaultRead()] }),
      context,
    );
    expect(r.findings[0]?.severity).toBe('high');
    expect(r.findings[0]?.evidence['vaults']).toEqual([
      expect.objectContaining({ vaultId: VAULT, operations: ['SecretGet'], reads: 4 }),
    ]);
  });

  it('does not count refused or list-only vault calls as reach', () => {
    const reads = [vaultRead({ httpStatus: 403 }), vaultRead({ operation: 'SecretList' })];
    expect(
      secret(snap({ application: app({ passwordCredentials: [LIVE] }), reads }), context).findings,
    ).toEqual([]);
  });

  it('ignores an app that reaches nothing in Azure, and a federated-only app', () => {
    expect(secret(snap({ application: app({ passwordCredentials: [LIVE] }) }), context).findings).toEqual([]);
    const federatedOnly = app({
      federatedIdentityCredentials: [
        {
          name: 'gh',
          issuer: 'https://token.actions.githubusercontent.com',
          subject: 'repo:o/r:ref:refs/heads/main',
          audiences: [],
        },
      ],
    });
    expect(
      secret(snap({ application: federatedOnly, assignments: [spAssignment(rgScope)] }), context).findings,
    ).toEqual([]);
  });

  it('leaves expired secrets to app-credential-expiry', () => {
    expect(
      secret(
        snap({ application: app({ passwordCredentials: [EXPIRED] }), assignments: [spAssignment(rgScope)] }),
        context,
      ).findings,
    ).toEqual([]);
  });

  it('ignores managed identities', () => {
    const mi = sp({ servicePrincipalType: 'ManagedIdentity', passwordCredentials: [LIVE] });
    expect(
      secret(snap({ servicePrincipal: mi, assignments: [spAssignment(rgScope)] }), context).findings,
    ).toEqual([]);
  });

  it('reports on /servicePrincipals/{id} when no application object is readable (secret on the SP)', () => {
    const r = secret(
      snap({ servicePrincipal: sp({ passwordCredentials: [LIVE] }), assignments: [spAssignment(rgScope)] }),
      context,
    );
    expect(r.findings[0]?.resourceId).toBe(`/servicePrincipals/${SP}`);
    expect(r.findings[0]?.remediation?.cli).toContain(`az ad sp credential delete --id ${SP}`);
  });

  it('is error, not pass, when Graph could not be read', () => {
    const r = secret(
      snap({
        overrides: {
          applications: {
            applications: [],
            servicePrincipals: [],
            errors: [
              {
                source: 'applications',
                scope: 'tenant',
                statusCode: 403,
                message: 'Authorization_RequestDenied',
              },
            ],
          },
        },
      }),
      context,
    );
    expect(r.errors).toHaveLength(1);
  });

  it('says when each credential was last used, and that an unused secret was not used', () => {
    const other = cred(
      '11111111-0000-0000-0000-000000000009',
      '2026-06-01T00:00:00Z',
      '2027-06-01T00:00:00Z',
    );
    const s = snap({
      application: app({ passwordCredentials: [LIVE, other] }),
      assignments: [spAssignment(rgScope)],
      overrides: {
        signIns: {
          read: true,
          windowStart: '2026-10-21T06:00:00Z',
          credentials: [
            {
              servicePrincipalId: SP,
              keyId: LIVE.keyId,
              lastSignIn: '2026-11-19T10:00:00Z',
              ipAddress: '203.0.113.7',
              signIns: 12,
            },
          ],
          errors: [],
        },
      },
    });
    const creds = secret(s, context).findings[0]?.evidence['credentials'] as { lastUsed: unknown }[];
    expect(creds[0]?.lastUsed).toEqual({
      time: '2026-11-19T10:00:00Z',
      ipAddress: '203.0.113.7',
      signIns: 12,
    });
    expect(creds[1]?.lastUsed).toBe('not used since 2026-10-21T06:00:00Z');
  });
});

describe('app-credential-expiry', () => {
  const run = (creds: GraphCredential[], days = 30) =>
    expiry(snap({ application: app({ passwordCredentials: creds }), assignments: [spAssignment(rgScope)] }), {
      ...context,
      appCredentialExpiryDays: days,
    });

  it('flags an expired secret still present, one expiring within the horizon, and one issued for over two years', () => {
    const r = run([EXPIRED, EXPIRING, LONG, LIVE]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.severity).toBe('medium');
    const problems = r.findings[0]?.evidence['problems'] as { keyId: string; problem: string }[];
    expect(problems.map((p) => p.keyId)).toEqual([EXPIRED.keyId, EXPIRING.keyId, LONG.keyId]);
    expect(problems[0]?.problem).toContain('expired');
    expect(problems[1]?.problem).toContain('expires in 10 days');
    expect(problems[2]?.problem).toContain('more than two years');
  });

  it('honours APP_CREDENTIAL_EXPIRY_DAYS', () => {
    expect(run([EXPIRING], 5).findings).toEqual([]);
  });

  it('passes a credential valid for exactly two years', () => {
    expect(
      run([cred('11111111-0000-0000-0000-00000000000a', '2026-06-01T00:00:00Z', '2028-05-31T00:00:00Z')])
        .findings,
    ).toEqual([]);
  });

  it('holds to the contract: more than 730 days is more than two years, a 29 February included', () => {
    // passwordCredential endDateTime: 'The default value is "startDateTime + 2 years"' (Graph): across
    // 29 February 2028 that is 731 days, which the contract's rule (end − start > 730 days) reports.
    const acrossLeapDay = cred(
      '11111111-0000-0000-0000-00000000000b',
      '2026-06-01T09:30:00Z',
      '2028-06-01T09:30:00Z',
    );
    const problems = run([acrossLeapDay]).findings[0]?.evidence['problems'] as { problem: string }[];
    expect(problems.map((p) => p.problem)).toEqual(['was issued for 731 days (more than two years)']);
  });

  it('applies only to apps that reach Azure', () => {
    expect(expiry(snap({ application: app({ passwordCredentials: [EXPIRED] }) }), context).findings).toEqual(
      [],
    );
  });
});
