import { availableParallelism } from 'node:os';

import { defineConfig } from 'vitest/config';

import { SlowFirstSequencer } from './test/support/slowFirstSequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    // Vitest's default in `run` mode is one worker fewer than the cores: on a 2-core machine that is
    // one, and the files run strictly one after another while many of them mostly wait (on a spawned
    // demo, CLI, Azurite or emulator). Every core gets a worker.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: SlowFirstSequencer },
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      // Never let a credential fall through to the real IMDS address: tests point the identity
      // endpoint at the emulator explicitly, and this default keeps anything else on loopback.
      AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://127.0.0.1:9',
    },
  },
});
