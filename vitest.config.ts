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
    // process.e2e runs its `kameng start` processes (each with its own PostgreSQL) concurrently: at most
    // three at a time, so their start and stop times are not those of an overloaded machine.
    maxConcurrency: 3,
    // .ci/run sets KAMENG_TEST_REPORT to collect the counts of each run.
    reporters: process.env.KAMENG_TEST_REPORT
      ? ['default', ['json', { outputFile: process.env.KAMENG_TEST_REPORT }]]
      : ['default'],
  },
});
