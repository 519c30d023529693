import { defineConfig } from "vitest/config";

// The spec's tests only read files and compile schemas: no module state to
// isolate, so one worker serves every file (vitest's per-file start-up is
// most of their run time).
export default defineConfig({ test: { include: ["test/**/*.test.mjs"], isolate: false } });
