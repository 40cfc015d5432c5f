import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/server/**/*.test.ts', 'packages/**/*.test.ts', 'apps/web/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['apps/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
    // .ci/run sets KAMENG_TEST_REPORT to collect the counts of each run.
    reporters: process.env.KAMENG_TEST_REPORT
      ? ['default', ['json', { outputFile: process.env.KAMENG_TEST_REPORT }]]
      : ['default'],
  },
});
