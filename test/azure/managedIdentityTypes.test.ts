import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { MANAGED_IDENTITY_TYPES, MICROSOFT_TABLE_COPY } from '../../src/azure/managedIdentityTypes.js';

/** The copy of Microsoft's table kept in the repository (its header names repository, path and commit). */
const copy = readFileSync(new URL(`../../${MICROSOFT_TABLE_COPY.file}`, import.meta.url), 'utf8');

interface MicrosoftRow {
  armType: string;
  systemAssigned: boolean;
  userAssigned: boolean;
}

function resourceTypeRows(text: string): MicrosoftRow[] {
  const section =
    text.split('## Resource providers and resource types supporting managed identities')[1] ?? '';
  return section
    .split('\n')
    .filter((line) => /^\|\s*Microsoft\./.test(line))
    .map((line) => {
      const [namespace = '', type = '', identities = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      return {
        armType: `${namespace}/${type}`,
        systemAssigned: identities.includes('System-assigned'),
        userAssigned: identities.includes('User-assigned'),
      };
    });
}

const serviceNames = (text: string): string[] =>
  (text.split('## Services supporting managed identities')[1] ?? '')
    .split('## Resource providers')[0]!
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Service Name'))
    .map((line) => line.replace(/^\|\s*|\s*\|$/g, ''));

const microsoft = resourceTypeRows(copy);

describe("the managed-identity catalogue against Microsoft's table", () => {
  it('keeps a copy of the table that names where it came from', () => {
    expect(copy).toContain(`repository: ${MICROSOFT_TABLE_COPY.repository}`);
    expect(copy).toContain(`path:       ${MICROSOFT_TABLE_COPY.path}`);
    expect(copy).toContain(`commit:     ${MICROSOFT_TABLE_COPY.commit}`);
    expect(microsoft).toHaveLength(151);
  });

  it('has an entry, spelt as Microsoft spells it, for every row of the table', () => {
    const catalogued = new Set(MANAGED_IDENTITY_TYPES.map((t) => t.armType));
    const missing = microsoft.filter((row) => !catalogued.has(row.armType)).map((row) => row.armType);
    expect(missing, 'rows Microsoft added: decide each in managedIdentityTypes.ts').toEqual([]);
  });

  it('states the same system- and user-assigned support as the table', () => {
    const byType = new Map(MANAGED_IDENTITY_TYPES.map((t) => [t.armType, t]));
    const differences = microsoft
      .map((row) => ({ row, entry: byType.get(row.armType) }))
      .filter(
        ({ row, entry }) =>
          entry?.systemAssigned !== row.systemAssigned || entry.userAssigned !== row.userAssigned,
      )
      .map(({ row }) => row.armType);
    expect(differences).toEqual([]);
  });

  it('adds nothing to the resource-type table except rows named only in the services table', () => {
    const listed = new Set(microsoft.map((row) => row.armType));
    const services = serviceNames(copy);
    for (const entry of MANAGED_IDENTITY_TYPES) {
      if (entry.origin === 'resourceTypes') expect(listed.has(entry.armType), entry.armType).toBe(true);
      else {
        expect(listed.has(entry.armType), entry.armType).toBe(false);
        expect(
          services.some((s) => entry.service.includes(s.replace(/^Azure /, ''))),
          entry.service,
        ).toBe(true);
      }
    }
    expect(MANAGED_IDENTITY_TYPES.filter((t) => t.origin === 'services').map((t) => t.armType)).toEqual([
      'Microsoft.Network/applicationGateways',
      'Microsoft.Chaos/experiments',
    ]);
  });

  it('gives each type one entry, a purpose and where Resource Graph keeps it', () => {
    const types = MANAGED_IDENTITY_TYPES.map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
    for (const entry of MANAGED_IDENTITY_TYPES) {
      expect(entry.why.length, entry.armType).toBeGreaterThan(0);
      if (entry.resourceGraphTable === null) expect(entry.argListed).toBe(false);
    }
  });

  it('reads Batch pools from batchresources and never the Spring Apps apps, which Resource Graph does not hold', () => {
    const entry = (armType: string) => MANAGED_IDENTITY_TYPES.find((t) => t.armType === armType);
    expect(entry('Microsoft.Batch/batchAccounts/pools')?.resourceGraphTable).toBe('batchresources');
    expect(entry('Microsoft.Batch/batchAccounts')?.purpose).toBe('keysOnly');
    expect(entry('Microsoft.AppPlatform/Spring/apps')?.resourceGraphTable).toBeNull();
    expect(entry('Microsoft.StorageSync/storageSyncServices')?.userAssigned).toBe(true);
  });

  it("keeps the README's checks table true about the catalogue's size and source", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const evaluated = MANAGED_IDENTITY_TYPES.filter(
      (t) =>
        t.purpose !== 'notEvaluated' &&
        (t.resourceGraphTable === 'resources' || t.resourceGraphTable === 'batchresources'),
    ).length;
    expect(readme).toContain(`Catalogue: ${MANAGED_IDENTITY_TYPES.length} types`);
    expect(readme).toContain(`${evaluated} are evaluated`);
    expect(readme).toContain(MICROSOFT_TABLE_COPY.file.replace(/^src\//, 'src/'));
  });
});
