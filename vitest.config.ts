import { defineConfig } from 'vitest/config';

/**
 * Two projects: the unit tests, file by file in parallel, then the integration suite,
 * one file at a time (its files share one Docker engine and one registry).
 * `npx vitest run` runs both; `--project unit` or `--project integration` one of them.
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['__tests__/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['__tests__/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          fileParallelism: false,
        },
      },
    ],
  },
});
