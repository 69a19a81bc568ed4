import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Integration suites share one Docker engine and one registry.
    fileParallelism: false,
  },
});
