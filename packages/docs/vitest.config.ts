import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Stated, not defaulted: these tests use fake timers, servers and module
    // state per file, so each file keeps its own worker (and vitest stops
    // suggesting otherwise in every run's summary).
    isolate: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
