import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { localAuthOffFor } from '../../emulator/localAuthCases.js';
import { LOCAL_AUTH_SERVICES } from '../../src/azure/localAuthServices.js';
import type { AuditResult } from '../../src/pipeline/runAudit.js';
import { runTimer, startMemoryAudit, type MemoryAudit } from '../support/localAudit.js';
import { CLEAN_TENANT, readFixture } from '../support/testEmulator.js';

/**
 * The clean tenant plus, for every service of local-auth-enabled's table, one resource with local
 * authentication on (Azure's default: no setting) and one with it off; and app registrations with
 * client secrets, certificates, federated credentials only, expired, expiring and long-lived
 * credentials, some holding roles and some not. The secrets findings must be exactly those the
 * contract defines.
 */
const tenant = readFixture(CLEAN_TENANT);
const SUB = String(tenant.subscriptions[0].subscriptionId);
const RG = `/subscriptions/${SUB}/resourceGroups/rg-secrets`;
const NOW = Date.parse(String(tenant.now));
const day = (n: number) => new Date(NOW + n * 86_400_000).toISOString();

const expected: string[] = [];
tenant.armResources ??= [];
for (const [i, service] of LOCAL_AUTH_SERVICES.entries()) {
  const [provider, ...types] = service.type.split('/');
  for (const state of ['on', 'off'] as const) {
    const name = `la${i}-${state}`;
    // A child type's id names its parent: a slot is `sites/{site}/slots/{slot}`.
    const path = types
      .map((t, k) => (k < types.length - 1 ? `${t}/${name}-parent` : `${t}/${name}`))
      .join('/');
    const id = `${RG}/providers/${provider}/${path}`;
    const off = localAuthOffFor(service, id);
    tenant.resources.push({
      id,
      name,
      type: service.type,
      subscriptionId: SUB,
      resourceGroup: 'rg-secrets',
      // Managed identities everywhere, so mi-resource-without-identity has nothing to say.
      identity: {
        type: 'SystemAssigned',
        principalId: `f1000000-0000-4000-8000-${String(i * 2 + (state === 'on' ? 0 : 1)).padStart(12, '0')}`,
      },
      // On is Azure's default (no setting), except the Container Registry admin user, which is off by default.
      properties:
        state === 'off'
          ? off.properties
          : service.rule.kind === 'flagTrue'
            ? { [service.rule.path]: true }
            : {},
    });
    if (state === 'off') tenant.armResources.push(...off.armResources);
    else expected.push(`local-auth-enabled ${service.severity} ${name}`);
  }
}
// A Cosmos DB account of the MongoDB API: the Azure Policy built-in leaves it out, and so do we.
tenant.resources.push({
  id: `${RG}/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-mongo`,
  name: 'cosmos-mongo',
  type: 'microsoft.documentdb/databaseaccounts',
  kind: 'MongoDB',
  subscriptionId: SUB,
  resourceGroup: 'rg-secrets',
  identity: { type: 'SystemAssigned', principalId: 'f1000000-0000-4000-8000-00000000ffff' },
  properties: { capabilities: [{ name: 'EnableMongo' }] },
});

const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
let n = 0;
const credential = (start: number, end: number, extra: Record<string, unknown> = {}) => ({
  keyId: `e6100000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  displayName: `cred${n}`,
  startDateTime: day(start),
  endDateTime: day(end),
  ...extra,
});
const cert = (start: number, end: number) =>
  credential(start, end, { type: 'AsymmetricX509Cert', usage: 'Verify' });

interface AppCase {
  name: string;
  secrets?: ReturnType<typeof credential>[];
  certificates?: ReturnType<typeof credential>[];
  federated?: boolean;
  role?: { role: string; scope: string };
  findings: string[];
}
const cases: AppCase[] = [
  // A secret with Contributor on the subscription: high.
  {
    name: 'app-sub-secret',
    secrets: [credential(-30, 300)],
    role: { role: CONTRIBUTOR, scope: `/subscriptions/${SUB}` },
    findings: ['app-secret-credential high'],
  },
  // A secret with a resource-group role: medium; a certificate one step lower.
  {
    name: 'app-rg-secret',
    secrets: [credential(-30, 300)],
    role: { role: READER, scope: RG },
    findings: ['app-secret-credential medium'],
  },
  {
    name: 'app-rg-cert',
    certificates: [cert(-30, 300)],
    role: { role: READER, scope: RG },
    findings: ['app-secret-credential low'],
  },
  // Federated credential only: nothing to report.
  { name: 'app-federated', federated: true, role: { role: READER, scope: RG }, findings: [] },
  // Only an expired secret left: expiry's, not secret's.
  {
    name: 'app-expired',
    secrets: [credential(-400, -10)],
    role: { role: READER, scope: RG },
    findings: ['app-credential-expiry medium'],
  },
  // Expiring within 30 days, and a certificate issued for three years.
  {
    name: 'app-expiring',
    secrets: [credential(-300, 10)],
    role: { role: READER, scope: RG },
    findings: ['app-secret-credential medium', 'app-credential-expiry medium'],
  },
  {
    name: 'app-long-cert',
    certificates: [cert(-30, 3 * 365)],
    role: { role: READER, scope: RG },
    findings: ['app-secret-credential low', 'app-credential-expiry medium'],
  },
  // Secrets, expired and live, but no Azure role and no vault reads: not counted.
  { name: 'app-saas', secrets: [credential(-30, 300), credential(-400, -1)], findings: [] },
];
tenant.applications = [];
for (const [i, c] of cases.entries()) {
  const suffix = String(i + 1).padStart(12, '0');
  const spId = `d5000000-0000-4000-8000-${suffix}`;
  const appId = `e5100000-0000-4000-8000-${suffix}`;
  const objectId = `e7100000-0000-4000-8000-${suffix}`;
  tenant.principals.push({
    id: spId,
    '@odata.type': '#microsoft.graph.servicePrincipal',
    displayName: c.name,
    appId,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: tenant.tenantId,
  });
  tenant.applications.push({
    id: objectId,
    appId,
    displayName: c.name,
    passwordCredentials: c.secrets ?? [],
    keyCredentials: c.certificates ?? [],
    federatedIdentityCredentials: c.federated
      ? [
          {
            name: 'gh',
            issuer: 'https://token.actions.githubusercontent.com',
            subject: `repo:contoso/${c.name}:ref:refs/heads/main`,
            audiences: ['api://AzureADTokenExchange'],
          },
        ]
      : [],
  });
  if (c.role) {
    const name = `d7100000-0000-4000-8000-${suffix}`;
    tenant.roleAssignments.push({
      id: `${c.role.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      properties: {
        scope: c.role.scope,
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${c.role.role}`,
        principalId: spId,
        principalType: 'ServicePrincipal',
      },
    });
  }
  for (const f of c.findings) expected.push(`${f} ${objectId} ${c.name}`);
}

const SECRETS_CHECKS = ['local-auth-enabled', 'app-secret-credential', 'app-credential-expiry'];

describe('an audit of a tenant with every secrets case', () => {
  let stack: MemoryAudit;
  let result: AuditResult;
  beforeAll(async () => {
    stack = await startMemoryAudit(tenant);
    result = await runTimer();
  }, 90_000);
  afterAll(() => stack.stop());

  it('gives exactly the secrets findings the contract defines', () => {
    const names = new Map<string, string>(
      tenant.principals.map((p: any) => [String(p.id), String(p.displayName)]),
    );
    const found = result.report.findings
      .filter((f) => SECRETS_CHECKS.includes(f.checkId))
      .map((f) => {
        const last = f.resourceId.split('/').pop()!;
        return f.principalId
          ? `${f.checkId} ${f.severity} ${last} ${names.get(f.principalId)}`
          : `${f.checkId} ${f.severity} ${last}`;
      });
    expect(found.sort()).toEqual([...expected].sort());
    expect(result.report.status).toBe('complete');
    expect(result.report.checks.filter((c) => SECRETS_CHECKS.includes(c.id)).map((c) => c.status)).toEqual([
      'fail',
      'fail',
      'fail',
    ]);
  });

  it('names ftp and scm for a site that allows both, and cites the Azure Policy built-in', () => {
    const site = LOCAL_AUTH_SERVICES.findIndex((s) => s.type === 'microsoft.web/sites');
    const finding = result.report.findings.find((f) => f.resourceId.endsWith(`/la${site}-on`))!;
    expect(finding.evidence['basicPublishingCredentialsAllowed']).toEqual(['ftp', 'scm']);
    expect(finding.evidence['azurePolicy']).toMatchObject({
      id: expect.stringContaining('871b205b-57cf-4e1e-a234-492616998bf7'),
    });
    expect(finding.remediation.cli).toContain(`${finding.resourceId}/basicPublishingCredentialsPolicies/ftp`);
  });
});
