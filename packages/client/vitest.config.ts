import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The client's own tests need no other package running: PortOne is faked in-process or on loopback.
    // Tests against the real mock live in tests/e2e/test/client/.
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
