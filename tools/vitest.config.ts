import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    benchmark: { include: ["bench/**/*.bench.mjs"] },
    testTimeout: 30_000,
    // The recording test starts a mock in proxy mode: Prism's start-up on a
    // busy 2-core runner (turbo runs the packages' tests side by side) can
    // take longer than vitest's 10 s default.
    hookTimeout: 60_000,
    // The tools' tests call pure functions and child processes: nothing in
    // module state to isolate, and per-file workers cost more than the tests.
    isolate: false,
  },
});
