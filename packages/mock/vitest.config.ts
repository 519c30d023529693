import { defineConfig } from "vitest/config";

/**
 * Tests that start processes of their own (the CLI, a child vitest) or put
 * the mock under load. On a 2-core runner they starve whatever runs beside
 * them, and were starving it: the soak test's child mock did not start in
 * time and the flows test's beforeAll (an in-process mock) overran its hook
 * timeout while a child vitest and autocannon held both cores. They run in
 * a second group, after the in-process tests, one file at a time.
 */
const PROCESS_TESTS = ["test/load/**/*.test.ts", "test/ci-pattern/**/*.test.ts", "test/cli/**/*.test.ts", "test/proxy/cli.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    // Stated, not defaulted: these tests use fake timers, servers and module
    // state per file, so each file keeps its own worker (and vitest stops
    // suggesting otherwise in every run's summary).
    isolate: true,
    projects: [
      { extends: true, test: { name: "in-process", include: ["test/**/*.test.ts"], exclude: PROCESS_TESTS } },
      {
        extends: true,
        test: {
          name: "processes",
          include: PROCESS_TESTS,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          // Child processes start slowly while other packages' tests share the cores.
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
