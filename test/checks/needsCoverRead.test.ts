/**
 * A check's `needs` decide where it is blind, and so which of its findings an outage may neither
 * resolve nor create (src/pipeline/checkDependencies.ts). A source a check reads but does not name
 * is one whose outage passes unseen: rbac-too-many-owners read PIM eligibilities without naming
 * them, so a run whose budget cut the eligibility list of one subscription (its role assignments
 * read) dropped that subscription's "fewer than two owners" finding and resolved it in history.
 * This test runs every check over a snapshot of the demo tenant read through the emulator, and
 * records which parts of the snapshot each one touches.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { needsOf } from '../../src/checks/lib/needs.js';
import { createSnapshotView } from '../../src/checks/lib/snapshotView.js';
import { CHECKS } from '../../src/checks/registry.js';
import type { CheckContext } from '../../src/checks/types.js';
import type { AuditSnapshot, SourceName } from '../../src/collect/snapshot.js';
import { loadConfig } from '../../src/config.js';
import { createAuditDeps } from '../../src/pipeline/createAuditDeps.js';
import { fingerprint } from '../../src/pipeline/fingerprint.js';
import { runAudit } from '../../src/pipeline/runAudit.js';
import { createMemoryStores } from '../../src/store/memoryStores.js';
import { DEMO_TENANT, readFixture, startTestEmulator, useEmulatorEnv } from '../support/testEmulator.js';

/**
 * The source whose errors say a part of the snapshot went unread. `null`: a part that is not read
 * from Azure by a source of its own (the run's identity and settings), or whose errors every check
 * is already blind to (the subscription list: checkDependencies applies it to every need).
 */
const SOURCE_OF: Record<keyof AuditSnapshot, SourceName | null> = {
  tenantId: null,
  roleDataSource: null,
  auditor: null,
  subscriptions: null,
  managementGroups: null,
  resources: 'resourceGraph',
  identityInventory: 'resourceGraph',
  roleDefinitions: 'roleDefinitions',
  roleAssignments: 'roleAssignments',
  roleEligibilities: 'roleEligibility',
  directory: 'directory',
  diagnosticSettings: 'diagnosticSettings',
  keyVaultLogs: 'keyVaultLogs',
  federatedCredentials: 'federatedCredentials',
  policyAssignmentIdentities: 'policyAssignments',
  localAuth: 'localAuth',
  childSettings: 'childSettings',
  applications: 'applications',
  // Optional evidence: a finding's last sign-in, never whether it is found (see app-secret-credential).
  signIns: null,
  identityUse: 'identityUse',
};

let emulator: RunningEmulator;
let snapshot: AuditSnapshot;

beforeAll(async () => {
  emulator = await startTestEmulator(readFixture(DEMO_TENANT));
  useEmulatorEnv(emulator, vi.stubEnv);
  const d = createAuditDeps(loadConfig({ ...process.env }), { stores: createMemoryStores() });
  await runAudit(
    {
      ...d,
      sinks: [],
      collect: async (plan, progress) => {
        const collected = await d.collect(plan, progress);
        // A copy: the pipeline releases parts of the snapshot it owns once the checks have run.
        snapshot = structuredClone(collected);
        return collected;
      },
    },
    { trigger: 'timer' },
  );
}, 120_000);
afterAll(() => emulator.stop());

/**
 * Parts a check reads only to word a finding (a principal's display name, a role's name), never to
 * decide whether there is one: its needs need not name them. Each is proven below: the check finds
 * exactly the same findings (by fingerprint) with that part empty.
 */
const WORDING_ONLY: Record<string, (keyof AuditSnapshot)[]> = {
  'kv-access-denied': ['directory'],
  'kv-secret-mass-retrieval': ['directory'],
  'kv-sensitive-operation': ['directory'],
  'rbac-privileged-role-broad-scope': ['directory'],
  'rbac-keyvault-data-role-broad-scope': ['directory'],
  'rbac-too-many-owners': ['directory'],
  'rbac-orphaned-assignment': ['roleDefinitions'],
};

/** The snapshot with one part read as empty (nothing found, no error). */
function withEmpty(part: keyof AuditSnapshot): AuditSnapshot {
  const copy = structuredClone(snapshot);
  if (part === 'directory') copy.directory = { principals: {}, lookedUp: [], errors: [] };
  else (copy[part] as { items: unknown[] }).items = [];
  return copy;
}

const contextFor = (): CheckContext => ({ now: new Date(), kvMassRetrievalThreshold: 5, maxOwners: 3 });

/** The top-level parts of the snapshot that `evaluate` reads, through its own view of it. */
function partsRead(evaluate: (s: AuditSnapshot) => unknown): Set<keyof AuditSnapshot> {
  const read = new Set<keyof AuditSnapshot>();
  const watched = new Proxy(snapshot, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key in target) read.add(key as keyof AuditSnapshot);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  evaluate(watched);
  return read;
}

describe('every check names in its needs each source that decides its findings', () => {
  it('reads a demo-tenant snapshot with PIM eligibilities, role assignments, resources and applications', () => {
    for (const part of ['roleAssignments', 'roleEligibilities', 'resources'] as const)
      expect(snapshot[part].items.length, part).toBeGreaterThan(0);
    expect(snapshot.applications.servicePrincipals.length).toBeGreaterThan(0);
  });

  it.each(CHECKS.map((c) => [c.metadata.id, c] as const))('%s', (id, check) => {
    const read = partsRead((s) => check.evaluate(s, contextFor(), createSnapshotView(s)));
    const needs = needsOf(check.metadata);
    const named = new Set(needs.map((n) => n.source));
    // A need of the vaults' workspaces is judged from their diagnostic settings: a vault whose
    // settings went unread is blind (checkDependencies.ts), so that need covers them.
    if (needs.some((n) => n.scope === 'vaultWorkspaces')) named.add('diagnosticSettings');
    const wording = new Set(WORDING_ONLY[id] ?? []);
    const unnamed = [...read].flatMap((part) => {
      const source = SOURCE_OF[part];
      return source && !named.has(source) && !wording.has(part) ? [`${part} (source ${source})`] : [];
    });
    expect(unnamed, 'parts read whose source is not in needs').toEqual([]);
  });

  const wordingCases = Object.entries(WORDING_ONLY).flatMap(([id, parts]) =>
    parts.map((part) => [id, part] as const),
  );
  it.each(wordingCases)('%s finds the same with %s empty: it only words findings', (id, part) => {
    const check = CHECKS.find((c) => c.metadata.id === id)!;
    const ids = (s: AuditSnapshot) =>
      check.evaluate(s, contextFor(), createSnapshotView(s)).findings.map(fingerprint).sort();
    const full = ids(snapshot);
    expect(full.length, 'the demo tenant gives this check findings to compare').toBeGreaterThan(0);
    expect(ids(withEmpty(part))).toEqual(full);
  });
});
