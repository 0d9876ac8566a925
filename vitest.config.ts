import { defineConfig } from 'vitest/config';
import { defaultConcurrency } from './harness/runner/concurrency.ts';

// Two projects: `unit` needs no Docker; `integration` drives a real engine. Integration files
// run one at a time (fileParallelism false): they share one engine on a 2-core machine.
export default defineConfig({
  test: {
    projects: [
      // Unit tests reach nothing beyond loopback (test/unit/support/no-network.ts).
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000, setupFiles: ['test/unit/support/no-network.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          // Tests marked concurrent (the conformance scenarios) overlap as `ecs-sim run` does.
          maxConcurrency: defaultConcurrency().value,
          globalSetup: ['test/integration/global-setup.ts'],
        },
      },
    ],
  },
});
