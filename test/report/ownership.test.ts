import { describe, expect, it } from 'vitest';

import { CHECKS } from '../../src/checks/registry.js';
import { evaluate as evaluateAccessPolicy } from '../../src/checks/kv-access-policy-model/evaluate.js';
import { metadata as accessPolicy } from '../../src/checks/kv-access-policy-model/metadata.js';
import { evaluate as evaluateOrphaned } from '../../src/checks/rbac-orphaned-assignment/evaluate.js';
import { metadata as orphaned } from '../../src/checks/rbac-orphaned-assignment/metadata.js';
import type { CheckFinding, CheckMetadata } from '../../src/checks/types.js';
import type { AuditSnapshot } from '../../src/collect/snapshot.js';
import { namedIds, ownFinding, ownershipIndex } from '../../src/report/ownership.js';
import { fillCommand, shellQuote } from '../../src/report/remediationCommand.js';
import type { ReportFinding } from '../../src/report/reportModel.js';
import { assignment, emptySnapshot, NOW, resource, ROLE, SUB, TENANT } from '../checks/snapshotBuilder.js';

const snapshotWithGroups = (over: Partial<AuditSnapshot>): AuditSnapshot =>
  emptySnapshot({
    managementGroups: {
      items: [
        { name: TENANT, displayName: 'Tenant Root Group', parent: null },
        { name: 'platform', displayName: 'Platform', parent: TENANT },
      ],
      errors: [],
    },
    subscriptions: {
      items: [
        {
          subscriptionId: SUB,
          displayName: 'Prod',
          state: 'Enabled',
          // Resource Graph's managementGroupAncestorsChain: nearest first.
          managementGroupAncestors: ['platform', TENANT],
          read: true,
        },
      ],
      errors: [],
    },
    ...over,
  });

const asReportFinding = (f: CheckFinding, m: CheckMetadata, firstSeen: string): ReportFinding => ({
  ...f,
  id: '0'.repeat(32),
  remediation: m.remediation,
  references: m.references,
  firstSeen,
  lastSeen: NOW.toISOString(),
  state: 'existing',
});

describe('ownFinding', () => {
  it('says where a Key Vault finding lives, who owns it by tag, its age, links and the real command', () => {
    const vault = resource('Microsoft.KeyVault/vaults', {
      name: 'kv-payments',
      tags: { Owner: 'payments-team@contoso.com', env: 'prod' },
      properties: { enableRbacAuthorization: false, accessPolicies: [{}] },
    });
    const snapshot = snapshotWithGroups({ resources: { items: [vault], errors: [] } });
    const [finding] = evaluateAccessPolicy(snapshot).findings;
    const index = ownershipIndex(snapshot, {
      ownerTag: 'owner',
      now: NOW,
      checks: CHECKS.map((c) => c.metadata),
    });

    const owned = ownFinding(asReportFinding(finding!, accessPolicy, '2026-11-10T06:00:00.000Z'), index);

    expect(owned).toMatchObject({
      resourceGroup: 'rg',
      subscriptionName: 'Prod',
      managementGroupPath: [TENANT, 'platform'],
      tags: { Owner: 'payments-team@contoso.com', env: 'prod' },
      owner: 'payments-team@contoso.com',
      ownerSource: 'tag',
      ageDays: 10,
      links: {
        portal: `https://portal.azure.com/#@${TENANT}/resource${vault.id}`,
        learn: accessPolicy.learnUrl,
      },
    });
    expect(owned.remediation.cli).toBe(
      `az keyvault update --ids ${vault.id} --enable-rbac-authorization true`,
    );
  });

  it('makes the principal the owner of a role finding, links the scope IAM blade, and fills the assignment id', () => {
    const scope = `/subscriptions/${SUB}/resourceGroups/rg-app`;
    const grant = assignment(ROLE.contributor, 'dddddddd-0000-0000-0000-000000000001', scope);
    const snapshot = snapshotWithGroups({
      roleAssignments: { items: [grant], errors: [] },
      directory: { principals: {}, lookedUp: [grant.principalId.toLowerCase()], errors: [] },
    });
    const [finding] = evaluateOrphaned(snapshot).findings;
    const index = ownershipIndex(snapshot, {
      ownerTag: 'owner',
      now: NOW,
      checks: CHECKS.map((c) => c.metadata),
    });

    const owned = ownFinding(asReportFinding(finding!, orphaned, NOW.toISOString()), index);

    expect(owned.resourceGroup).toBe('rg-app');
    expect(owned.owner).toBe(grant.principalId.toLowerCase());
    expect(owned.ownerSource).toBe('principal');
    expect(owned.ageDays).toBe(0);
    expect(owned.links?.accessControl).toBe(`https://portal.azure.com/#@${TENANT}/resource${scope}/users`);
    expect(owned.remediation.cli).toBe(`az role assignment delete --ids ${grant.id}`);
    expect(owned.remediation.cli).not.toMatch(/<\w+>/);
  });

  it('gives the management-group path of a finding at a management-group scope, from the group up to the root, trailing slash or not', () => {
    const scope = '/providers/Microsoft.Management/managementGroups/platform';
    const grant = assignment(ROLE.owner, 'dddddddd-0000-0000-0000-000000000002', scope);
    const snapshot = snapshotWithGroups({
      roleAssignments: { items: [grant], errors: [] },
      directory: { principals: {}, lookedUp: [grant.principalId.toLowerCase()], errors: [] },
    });
    const [finding] = evaluateOrphaned(snapshot).findings;
    const index = ownershipIndex(snapshot, { ownerTag: 'owner', now: NOW, checks: [orphaned] });

    const owned = ownFinding(asReportFinding(finding!, orphaned, NOW.toISOString()), index);

    expect(owned.managementGroupPath).toEqual([TENANT, 'platform']);
    expect(owned.resourceGroup).toBeUndefined();
    expect(owned.links?.accessControl).toBe(`https://portal.azure.com/#@${TENANT}/resource${scope}/users`);
    // The same scope written with a trailing slash.
    const slashed = asReportFinding(finding!, orphaned, NOW.toISOString());
    slashed.evidence = { ...slashed.evidence, scope: `${scope}/` };
    expect(ownFinding(slashed, index).managementGroupPath).toEqual([TENANT, 'platform']);
  });

  it('reads the owner from the configured tag only, compared without case', () => {
    const app = resource('Microsoft.Web/sites', { tags: { 'Team-Owner': 'alice', owner: 'bob' } });
    const snapshot = snapshotWithGroups({ resources: { items: [app], errors: [] } });
    const base: ReportFinding = asReportFinding(
      {
        checkId: 'mi-resource-without-identity',
        severity: 'high',
        title: 't',
        message: 'm',
        resourceId: app.id,
        subscriptionId: SUB,
        evidence: {},
      },
      CHECKS.find((c) => c.metadata.id === 'mi-resource-without-identity')!.metadata,
      NOW.toISOString(),
    );
    const owner = (tag: string) =>
      ownFinding(base, ownershipIndex(snapshot, { ownerTag: tag, now: NOW, checks: [] })).owner;
    expect(owner('team-owner')).toBe('alice');
    expect(owner('owner')).toBe('bob');
    expect(owner('costcenter')).toBeUndefined();
  });

  it('indexes only the resources the findings name (any casing), so the index is the size of the report', () => {
    const named = resource('Microsoft.Web/sites', { name: 'named', tags: { owner: 'carol' } });
    const other = resource('Microsoft.Web/sites', { name: 'other', tags: { owner: 'dave' } });
    const snapshot = snapshotWithGroups({ resources: { items: [named, other], errors: [] } });
    const finding = {
      resourceId: named.id.toUpperCase(),
      evidence: { scope: `/subscriptions/${SUB}` },
    };
    const index = ownershipIndex(snapshot, {
      ownerTag: 'owner',
      now: NOW,
      checks: [],
      named: namedIds([finding]),
    });
    expect([...index.resources.keys()]).toEqual([named.id.toLowerCase()]);
    expect(namedIds([finding])).toEqual(
      new Set([named.id.toLowerCase(), `/subscriptions/${SUB}`.toLowerCase()]),
    );
  });
});

describe('the workspace a remediation command names', () => {
  const ws = (sub: string, name: string, read = true) => ({
    resourceId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/${name}`,
    customerId: name,
    subscriptionId: sub,
    read,
  });
  const OTHER = '22222222-2222-4222-8222-222222222222';
  const commandFor = (subscriptionId: string, workspaces: ReturnType<typeof ws>[]) => {
    const base = emptySnapshot();
    const snapshot = snapshotWithGroups({ keyVaultLogs: { ...base.keyVaultLogs, workspaces } });
    const index = ownershipIndex(snapshot, { ownerTag: 'owner', now: NOW, checks: [] });
    const vaultId = `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`;
    const finding: ReportFinding = {
      id: '0'.repeat(32),
      checkId: 'kv-audit-logging-missing',
      severity: 'high',
      title: 't',
      message: 'm',
      resourceId: vaultId,
      subscriptionId,
      evidence: {},
      remediation: { text: 'x', cli: 'az monitor diagnostic-settings create --workspace <workspaceId>' },
      references: [],
      firstSeen: NOW.toISOString(),
      lastSeen: NOW.toISOString(),
      state: 'new',
    };
    return ownFinding(finding, index).remediation.cli;
  };

  it("is a workspace read in the finding's own subscription, whatever the id's casing", () => {
    const workspaces = [ws(OTHER, 'law-other'), ws(SUB, 'law-unread', false), ws(SUB, 'law-own')];
    expect(commandFor(SUB, workspaces)).toContain('/workspaces/law-own');
    expect(commandFor(SUB.toUpperCase(), workspaces)).toContain('/workspaces/law-own');
  });

  it('is the first workspace read anywhere when its subscription has none, and none when none was read', () => {
    expect(commandFor(SUB, [ws(SUB, 'law-unread', false), ws(OTHER, 'law-other')])).toContain(
      '/workspaces/law-other',
    );
    expect(commandFor(SUB, [ws(SUB, 'law-unread', false)])).toContain('--workspace <workspaceId>');
  });
});

describe('fillCommand', () => {
  it('quotes values a shell would interpret, so a hostile resource name cannot run a command', () => {
    const id = "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Web/sites/a'; rm -rf ~ #";
    const cli = fillCommand('az webapp identity assign --ids <resourceId>', { resourceId: id });
    expect(cli).toBe(
      `az webapp identity assign --ids '/subscriptions/1/resourceGroups/rg/providers/Microsoft.Web/sites/a'\\''; rm -rf ~ #'`,
    );
    expect(shellQuote('/subscriptions/1/resourceGroups/rg')).toBe('/subscriptions/1/resourceGroups/rg');
  });

  it('fills a quoted placeholder once and leaves placeholders it has no value for', () => {
    expect(
      fillCommand('az role assignment create --role "<role>" --scope <vaultId> --x <role.json>', {
        role: 'Key Vault Secrets User',
        vaultId: '/v',
      }),
    ).toBe("az role assignment create --role 'Key Vault Secrets User' --scope /v --x <role.json>");
  });
});
