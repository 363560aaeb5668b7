import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { CHECKS } from '../../src/checks/registry.js';
import { SEVERITIES } from '../../src/severity.js';

const checksDir = fileURLToPath(new URL('../../src/checks/', import.meta.url));
const contract = readFileSync(fileURLToPath(new URL('../../docs/contract.md', import.meta.url)), 'utf8');
const contractIds = [
  ...contract.matchAll(/^\| `([a-z0-9-]+)` \| (identity|Key Vault|roles|self|secrets) \|/gm),
].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));

describe('check registry', () => {
  it('implements every check id of docs/contract.md, and no other', () => {
    expect(contractIds.length).toBeGreaterThanOrEqual(19);
    expect(CHECKS.map((c) => c.metadata.id).sort()).toEqual([...contractIds].sort());
  });

  it('has unique ids equal to their folder names', () => {
    const folders = readdirSync(checksDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'lib')
      .map((d) => d.name)
      .sort();
    expect(CHECKS.map((c) => c.metadata.id).sort()).toEqual(folders);
    expect(new Set(CHECKS.map((c) => c.metadata.id)).size).toBe(CHECKS.length);
  });

  it.each(CHECKS.map((c) => [c.metadata.id, c.metadata] as const))('has complete metadata: %s', (_id, m) => {
    expect(m.title.length).toBeGreaterThan(10);
    expect(SEVERITIES).toContain(m.severity);
    expect(m.description.length).toBeGreaterThan(40);
    expect(m.risk.length).toBeGreaterThan(40);
    expect(m.remediation.text.length).toBeGreaterThan(20);
    expect(m.remediation.cli).toMatch(/^az /);
    expect(m.references.length).toBeGreaterThan(0);
    expect(m.references.some((r) => r.framework === 'MCSB')).toBe(true);
    expect(m.needs.length).toBeGreaterThan(0);
    expect(m.learnUrl).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });

  it('keeps checks pure: no @azure imports, no clock, no I/O', () => {
    const sources = readdirSync(checksDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    expect(sources.length).toBeGreaterThan(CHECKS.length);
    for (const file of sources) {
      const text = readFileSync(`${checksDir}/${file}`, 'utf8');
      expect(text, file).not.toMatch(/from '@azure\/|Date\.now\(|new Date\(\)|node:fs|fetch\(/);
    }
  });
});
