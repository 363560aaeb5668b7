import { describe, expect, it } from 'vitest';

import { evaluate } from '../../src/checks/kv-access-policy-model/evaluate.js';
import { emptySnapshot, resource } from './snapshotBuilder.js';

const run = (properties: unknown) =>
  evaluate(
    emptySnapshot({
      resources: { items: [resource('Microsoft.KeyVault/vaults', { name: 'kv1', properties })], errors: [] },
    }),
  );

describe('kv-access-policy-model', () => {
  it('flags a vault on access policies', () => {
    expect(run({ enableRbacAuthorization: false, accessPolicies: [{}, {}] }).findings[0]?.message).toContain(
      '2 access policies',
    );
  });

  it('flags a vault that never set the property (the old default is access policies)', () => {
    expect(run({}).findings).toHaveLength(1);
  });

  it('passes a vault on Azure RBAC', () => {
    expect(run({ enableRbacAuthorization: true }).findings).toEqual([]);
  });
});
