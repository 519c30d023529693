import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    benchmark: { include: ["bench/**/*.bench.mjs"] },
    testTimeout: 30_000,
  },
});
