import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packing and installing with npm takes a while on a 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
