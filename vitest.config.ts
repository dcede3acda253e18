import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Real-component suites start shells, keyrings and servers: run files in parallel, tests within a file in order.
    pool: 'forks',
  },
});
