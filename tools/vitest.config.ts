import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    benchmark: { include: ["bench/**/*.bench.mjs"] },
    testTimeout: 30_000,
    // The tools' tests call pure functions and child processes: nothing in
    // module state to isolate, and per-file workers cost more than the tests.
    isolate: false,
  },
});
