import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
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
