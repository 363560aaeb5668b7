import { describe, expect, it } from 'vitest';

import { corpus, corpusNames } from './corpus.js';

describe('the conformance corpus', () => {
  it('holds payloads for every API family mi-auditor calls', () => {
    const families = new Set(corpusNames().map((n) => n.split('/')[0]));
    for (const family of [
      'resourcegraph',
      'authorization',
      'monitor',
      'loganalytics',
      'keyvault',
      'graph',
      'identity',
      'msi',
      'arm',
      'tables',
    ]) {
      expect(families).toContain(family);
    }
  });

  it.each(corpusNames())('%s names its source and parses', (name) => {
    const entry = corpus(name);
    expect(entry.sources.length).toBeGreaterThan(0);
    for (const source of entry.sources) {
      // A repository path with its commit, or a URL.
      expect(source).toMatch(/\(commit [0-9a-f]{7,40}\)|https:\/\//);
    }
    expect(entry.payload).toBeTypeOf('object');
  });
});
