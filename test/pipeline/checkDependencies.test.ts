import { describe, expect, it } from 'vitest';

import { CHECKS } from '../../src/checks/registry.js';
import type { AuditSnapshot, SourceName } from '../../src/collect/snapshot.js';
import { evaluateChecks, type CheckOutcome } from '../../src/pipeline/evaluateChecks.js';
import { fingerprint } from '../../src/pipeline/fingerprint.js';
import { withholdUnobserved } from '../../src/pipeline/withholdUnobserved.js';
import { reconcile } from '../../src/pipeline/reconcile.js';
import type { HistoryRecord } from '../../src/model/history.js';
import {
  assignment,
  context,
  directory,
  emptySnapshot,
  kvRow,
  resource,
  ROLE,
  SUB,
  SUB2,
  vaultId,
} from '../checks/snapshotBuilder.js';

const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law`;
const OUTSIDE = `/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/sec/providers/Microsoft.OperationalInsights/workspaces/central`;
const ANN = 'b0000000-0000-0000-0000-000000000001';
const APP = 'c0000000-0000-0000-0000-000000000002';
const vault = resource('Microsoft.KeyVault/vaults', { name: 'kv1', id: vaultId('kv1') });

/** A small tenant every check can read in full: one vault logging to a read workspace, one Owner. */
function healthy(workspace = WORKSPACE): AuditSnapshot {
  return emptySnapshot({
    resources: { items: [vault], errors: [] },
    roleAssignments: { items: [assignment(ROLE.owner, ANN, `/subscriptions/${SUB}`)], errors: [] },
    directory: directory({ id: ANN, kind: 'user', displayName: 'Ann', userType: 'Member' }),
    diagnosticSettings: {
      items: [
        {
          resourceId: vault.id,
          settings: [
            { name: 'audit', workspaceId: workspace, logs: [{ categoryGroup: 'audit', enabled: true }] },
          ],
        },
      ],
      errors: [],
    },
  });
}

/** How each source fails, as its collector records it. */
const OUTAGES: Record<SourceName, (s: AuditSnapshot) => void> = {
  subscriptions: (s) => {
    s.subscriptions.items.push({
      subscriptionId: SUB2,
      displayName: 'Asked for',
      state: 'Unknown',
      managementGroupAncestors: [],
      read: false,
    });
    s.subscriptions.errors.push({
      source: 'subscriptions',
      scope: `/subscriptions/${SUB2}`,
      message: 'gone',
    });
  },
  resourceGraph: (s) => {
    s.resources.errors.push({
      source: 'resourceGraph',
      scope: `/subscriptions/${SUB}`,
      statusCode: 503,
      message: 'down',
    });
  },
  roleAssignments: (s) => {
    s.roleAssignments.errors.push({
      source: 'roleAssignments',
      scope: `/subscriptions/${SUB}`,
      message: 'x',
    });
  },
  roleDefinitions: (s) => {
    s.roleDefinitions.errors.push({
      source: 'roleDefinitions',
      scope: `/subscriptions/${SUB}`,
      message: 'x',
    });
  },
  roleEligibility: (s) => {
    s.roleEligibilities.errors.push({
      source: 'roleEligibility',
      scope: `/subscriptions/${SUB}`,
      message: 'x',
    });
  },
  directory: (s) => {
    s.directory.errors.push({ source: 'directory', scope: 'tenant', statusCode: 503, message: 'Graph down' });
  },
  diagnosticSettings: (s) => {
    s.diagnosticSettings.items = [];
    s.diagnosticSettings.errors.push({
      source: 'diagnosticSettings',
      scope: vault.id,
      statusCode: 403,
      message: 'no',
    });
  },
  federatedCredentials: (s) => {
    s.federatedCredentials.errors.push({
      source: 'federatedCredentials',
      scope: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-1`,
      message: 'x',
    });
  },
  policyAssignments: (s) => {
    s.policyAssignmentIdentities.errors.push({
      source: 'policyAssignments',
      scope: `/subscriptions/${SUB}`,
      statusCode: 403,
      message: 'no',
    });
  },
  keyVaultLogs: (s) => {
    s.keyVaultLogs.workspaces = s.keyVaultLogs.workspaces.map((w) => ({ ...w, read: false }));
    s.keyVaultLogs.errors.push({ source: 'keyVaultLogs', scope: WORKSPACE, statusCode: 403, message: 'no' });
  },
  localAuth: (s) => {
    s.localAuth.errors.push({
      source: 'localAuth',
      scope: `/subscriptions/${SUB}`,
      statusCode: 503,
      message: 'down',
    });
  },
  childSettings: (s) => {
    s.childSettings.errors.push({
      source: 'childSettings',
      scope: `${vault.id}/x`,
      statusCode: 403,
      message: 'no',
    });
  },
  applications: (s) => {
    s.applications.errors.push({ source: 'applications', scope: 'tenant', statusCode: 403, message: 'no' });
  },
  // Optional evidence: no check needs it.
  signInLogs: (s) => {
    s.signIns.errors.push({ source: 'signInLogs', scope: WORKSPACE, statusCode: 403, message: 'no' });
  },
  // A scoped run's read outside its scope: only the check that reads it goes blind.
  identityUse: (s) => {
    s.identityUse.errors.push({
      source: 'identityUse',
      scope: `/subscriptions/${SUB2}`,
      statusCode: 403,
      message: 'refused',
    });
  },
};

/**
 * The sources without which each check cannot vouch for what it read: the specification the
 * pipeline is held to. (The Key Vault log checks need the diagnostic settings to know which
 * workspaces hold a vault's logs.)
 */
const MUST_ERROR: Record<string, SourceName[]> = {
  'mi-resource-without-identity': ['resourceGraph'],
  'mi-user-assigned-unused': [
    'resourceGraph',
    'policyAssignments',
    'roleAssignments',
    'federatedCredentials',
    'identityUse',
  ],
  'kv-audit-logging-missing': ['resourceGraph', 'diagnosticSettings'],
  'kv-access-policy-model': ['resourceGraph'],
  'kv-access-denied': ['resourceGraph', 'diagnosticSettings', 'keyVaultLogs'],
  'kv-non-managed-identity-caller': [
    'resourceGraph',
    'diagnosticSettings',
    'keyVaultLogs',
    'directory',
    'applications',
  ],
  'kv-secret-mass-retrieval': ['resourceGraph', 'diagnosticSettings', 'keyVaultLogs'],
  'kv-sensitive-operation': ['resourceGraph', 'diagnosticSettings', 'keyVaultLogs'],
  'rbac-privileged-role-broad-scope': ['roleAssignments', 'roleDefinitions', 'roleEligibility'],
  'rbac-custom-role-overly-permissive': ['roleDefinitions', 'roleAssignments'],
  'rbac-too-many-owners': ['subscriptions', 'roleAssignments', 'roleDefinitions', 'roleEligibility'],
  'rbac-service-principal-privileged': ['roleAssignments', 'roleDefinitions', 'directory', 'applications'],
  'rbac-guest-privileged': ['roleAssignments', 'roleDefinitions', 'roleEligibility', 'directory'],
  'rbac-keyvault-data-role-broad-scope': ['roleAssignments', 'roleDefinitions'],
  'rbac-orphaned-assignment': ['roleAssignments', 'directory'],
  'auditor-excess-permissions': ['roleAssignments', 'roleDefinitions'],
  'local-auth-enabled': ['localAuth', 'childSettings', 'resourceGraph'],
  'app-secret-credential': [
    'roleAssignments',
    'diagnosticSettings',
    'keyVaultLogs',
    'directory',
    'applications',
  ],
  'app-credential-expiry': [
    'roleAssignments',
    'diagnosticSettings',
    'keyVaultLogs',
    'directory',
    'applications',
  ],
};

const outcomesOf = (s: AuditSnapshot) =>
  new Map(evaluateChecks(CHECKS, s, context).map((o) => [o.metadata.id, o]));

describe('a check whose needed source could not be read', () => {
  it('every check is in the table, and none errors on a healthy tenant', () => {
    expect(Object.keys(MUST_ERROR).sort()).toEqual(CHECKS.map((c) => c.metadata.id).sort());
    for (const o of outcomesOf(healthy()).values())
      expect([o.metadata.id, o.status]).not.toEqual([o.metadata.id, 'error']);
  });

  const pairs = CHECKS.flatMap((c) =>
    (Object.keys(OUTAGES) as SourceName[]).map((source) => [c.metadata.id, source] as const),
  );
  it.each(pairs)('%s with %s unreadable: error exactly when it needs that source', (checkId, source) => {
    const s = healthy();
    OUTAGES[source](s);
    const outcome = outcomesOf(s).get(checkId)!;
    if (MUST_ERROR[checkId]!.includes(source)) {
      expect(outcome.status).toBe('error');
      expect(outcome.errors.join(' ')).toMatch(/could not be read|did not query/);
    } else {
      expect(outcome.status).not.toBe('error');
    }
  });
});

describe('Key Vault log checks and the workspaces a vault logs to', () => {
  it('error for a vault whose logs go to a workspace outside the audited subscriptions, naming it', () => {
    const outcomes = outcomesOf(healthy(OUTSIDE));
    for (const id of [
      'kv-access-denied',
      'kv-non-managed-identity-caller',
      'kv-secret-mass-retrieval',
      'kv-sensitive-operation',
    ]) {
      expect(outcomes.get(id)!.status).toBe('error');
      expect(outcomes.get(id)!.errors[0]).toContain(OUTSIDE);
      expect(outcomes.get(id)!.blind.resources.has(vault.id.toLowerCase())).toBe(true);
    }
    // Whether the vault logs at all is known from its settings: that check still passes.
    expect(outcomes.get('kv-audit-logging-missing')!.status).toBe('pass');
  });

  it("keep that vault's findings from the last run open instead of resolving them", () => {
    const outcomes = [...outcomesOf(healthy(OUTSIDE)).values()];
    const previous = historyOf({ checkId: 'kv-access-denied', resourceId: vault.id, subscriptionId: SUB });
    const rec = reconcileWith(outcomes, [previous]);
    expect(rec.resolved).toEqual([]);
    expect(rec.history[0]!.status).toBe('open');
  });

  it('ignore a failed workspace no vault sends its audit logs to', () => {
    const s = healthy();
    s.keyVaultLogs.errors.push({ source: 'keyVaultLogs', scope: OUTSIDE, message: 'unrelated' });
    expect(outcomesOf(s).get('kv-access-denied')!.status).toBe('pass');
  });
});

describe('Microsoft Graph unreadable', () => {
  it('makes principal-dependent checks error, and raises no finding from token claims', () => {
    const s = healthy();
    OUTAGES.directory(s);
    // An app token without xms_mirid, whose caller could not be looked up: a guess from claims
    // would call it a service principal with its own credentials.
    s.keyVaultLogs.aggregates = [kvRow({ callerObjectId: APP, callerAppId: 'a1', callerIdType: 'app' })];
    const outcome = outcomesOf(s).get('kv-non-managed-identity-caller')!;
    expect(outcome).toMatchObject({ status: 'error', findings: [] });
    expect(outcome.errors[0]).toMatch(/directory could not be read.*Graph down/);
  });

  it("keeps last run's principal findings open", () => {
    const s = healthy();
    OUTAGES.directory(s);
    const previous = historyOf({
      checkId: 'rbac-orphaned-assignment',
      resourceId: '/subscriptions/x/ra',
      subscriptionId: SUB,
      principalId: ANN,
    });
    const rec = reconcileWith([...outcomesOf(s).values()], [previous]);
    expect(rec.resolved).toEqual([]);
  });
});

describe('Resource Graph resources unreadable', () => {
  it('leaves no check that reads resources at pass with evaluated 0', () => {
    const s = healthy();
    s.resources = {
      items: [],
      errors: [{ source: 'resourceGraph', scope: `/subscriptions/${SUB}`, statusCode: 503, message: 'down' }],
    };
    for (const o of outcomesOf(s).values()) {
      if (MUST_ERROR[o.metadata.id]!.includes('resourceGraph')) expect(o.status).toBe('error');
    }
  });
});

describe('resolution by scope', () => {
  it('resolves a finding where the check saw cleanly, and keeps one where a needed source failed', () => {
    const s = healthy();
    s.subscriptions.items.push({
      subscriptionId: SUB2,
      displayName: 'Dev',
      state: 'Enabled',
      managementGroupAncestors: [],
      read: true,
    });
    s.roleAssignments.errors.push({
      source: 'roleAssignments',
      scope: `/subscriptions/${SUB}`,
      message: 'x',
    });
    const inFailed = historyOf({
      checkId: 'rbac-privileged-role-broad-scope',
      resourceId: `/subscriptions/${SUB}/ra/1`,
      subscriptionId: SUB,
    });
    const inClean = historyOf({
      checkId: 'rbac-privileged-role-broad-scope',
      resourceId: `/subscriptions/${SUB2}/ra/2`,
      subscriptionId: SUB2,
    });
    const outcomes = [...outcomesOf(s).values()];
    expect(outcomes.find((o) => o.metadata.id === 'rbac-privileged-role-broad-scope')!.status).toBe('error');
    const rec = reconcileWith(outcomes, [inFailed, inClean]);
    expect(rec.resolved.map((r) => r.id)).toEqual([inClean.id]);
  });

  // Seen in CI: a run budget that cut one subscription's PIM eligibility list, its role assignments
  // read, resolved that subscription's "fewer than two owners" finding, since an eligible owner
  // counts towards the two and the check did not need the eligibility list.
  it("keeps a subscription's single-owner finding open while its PIM eligibility list is unread", () => {
    const clean = outcomesOf(healthy()).get('rbac-too-many-owners')!;
    expect(clean.findings.map((f) => f.discriminator)).toEqual(['fewer-than-two-owners']);
    const open = historyOf({
      checkId: 'rbac-too-many-owners',
      resourceId: `/subscriptions/${SUB}`,
      subscriptionId: SUB,
    });
    open.id = fingerprint(clean.findings[0]!);
    const s = healthy();
    OUTAGES.roleEligibility(s);
    const outcomes = [...outcomesOf(s).values()];
    const owners = outcomes.find((o) => o.metadata.id === 'rbac-too-many-owners')!;
    expect(owners).toMatchObject({ status: 'error', findings: [] });
    expect(reconcileWith(outcomes, [open]).resolved).toEqual([]);
  });
});

function historyOf(f: {
  checkId: string;
  resourceId: string;
  subscriptionId: string;
  principalId?: string;
}): HistoryRecord {
  return {
    ...f,
    id: fingerprint(f),
    severity: 'high',
    title: 't',
    firstSeen: '2026-11-01T00:00:00Z',
    lastSeen: '2026-11-01T00:00:00Z',
    openedAt: '2026-11-01T00:00:00Z',
    status: 'open',
  };
}

function reconcileWith(outcomes: CheckOutcome[], previous: HistoryRecord[]) {
  return reconcile(
    [],
    previous,
    {
      cleanChecks: new Set(outcomes.filter((o) => !o.blind.everywhere).map((o) => o.metadata.id)),
      blind: new Map(outcomes.map((o) => [o.metadata.id, o.blind])),
      readSubscriptions: new Set([SUB, SUB2]),
      tenantWide: true,
    },
    new Date('2026-11-20T06:00:00Z'),
  );
}

describe('a finding found where a needed source went unread', () => {
  const MG = '/providers/Microsoft.Management/managementGroups/platform';
  /** Owner at a management group, with the management-group list (hence MG-scope grants) unread. */
  function mgListUnread(): AuditSnapshot {
    const s = healthy();
    s.roleAssignments.items.push(assignment(ROLE.owner, ANN, MG));
    s.managementGroups.errors.push({
      source: 'subscriptions',
      scope: 'managementGroups',
      code: 'RunBudgetExceeded',
      message: 'cut',
    });
    return s;
  }

  it('is withheld when new: an unread management-group list blinds role-assignment checks everywhere', () => {
    const outcome = outcomesOf(mgListUnread()).get('rbac-privileged-role-broad-scope')!;
    expect(outcome.blind.everywhere).toBe(true);
    expect(outcome.findings.length).toBeGreaterThan(0);
    const kept = withholdUnobserved(outcome, new Set());
    expect(kept).toEqual([]);
    expect(outcome).toMatchObject({ status: 'error', findings: [] });
    expect(outcome.errors.join(' ')).toMatch(/finding\(s\) not reported/);
  });

  it('is kept when it was already open, so the outage neither creates nor resolves it', () => {
    const outcome = outcomesOf(mgListUnread()).get('rbac-privileged-role-broad-scope')!;
    const ids = outcome.findings.map((f) => fingerprint(f));
    const kept = withholdUnobserved(outcome, new Set(ids));
    expect(kept).toEqual(ids);
  });

  it('is kept for a vault whose logs go to no workspace: its rows were read, only silence proves nothing', () => {
    const s = healthy();
    s.diagnosticSettings.items = [{ resourceId: vault.id, settings: [] }];
    s.keyVaultLogs.aggregates = [kvRow({ httpStatus: 403, callerObjectId: ANN, callerIdType: 'user' })];
    const outcome = outcomesOf(s).get('kv-access-denied')!;
    expect(outcome.blind.silent.has(vault.id.toLowerCase())).toBe(true);
    expect(withholdUnobserved(outcome, new Set())).toHaveLength(1);
    expect(outcome.status).toBe('fail');
    // Its silence still resolves nothing.
    const previous = historyOf({ checkId: 'kv-access-denied', resourceId: vault.id, subscriptionId: SUB });
    expect(
      reconcileWith(
        [...outcomesOf(healthy()).values()].map((o) => ({ ...o, blind: outcome.blind })),
        [previous],
      ).resolved,
    ).toEqual([]);
  });
});
