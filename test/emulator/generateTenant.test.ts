import { describe, expect, it } from 'vitest';

import { parseTenantFixture } from '../../emulator/fixture/tenantFixture.js';
import { generateTenant } from '../../emulator/generateTenant.js';

describe('generateTenant', () => {
  it('is deterministic by seed and makes exactly the sizes asked for', () => {
    const a = generateTenant({ seed: 7, resources: 500, vaults: 5, logRows: 300, assignments: 40 });
    const b = generateTenant({ seed: 7, resources: 500, vaults: 5, logRows: 300, assignments: 40 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const parsed = parseTenantFixture(a);
    expect(parsed.resources).toHaveLength(500);
    expect(parsed.resources.filter((r) => r.type === 'microsoft.keyvault/vaults')).toHaveLength(5);
    expect(parsed.workspaces[0]!.tables['AZKVAuditLogs']).toHaveLength(300);
    expect(parsed.roleAssignments).toHaveLength(42);
  });

  it('differs with another seed', () => {
    expect(JSON.stringify(generateTenant({ seed: 1, resources: 50 }))).not.toBe(
      JSON.stringify(generateTenant({ seed: 2, resources: 50 })),
    );
  });
});
