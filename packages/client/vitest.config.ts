import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The client's own tests need no other package running: PortOne is faked in-process or on loopback.
    // Tests against the real mock live in tests/e2e/test/client/.
    include: ["test/**/*.test.ts"],
    // Stated, not defaulted: these tests use fake timers, servers and module
    // state per file, so each file keeps its own worker (and vitest stops
    // suggesting otherwise in every run's summary).
    isolate: true,
    testTimeout: 20_000,
  },
});
