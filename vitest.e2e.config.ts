import { defineConfig } from 'vitest/config';

/** `npm run test:e2e`: the dashboard in a real headless Chromium (Debian's package; .ci/run installs it). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
