// One vitest workspace for the whole repository: `pnpm exec vitest run` at the
// root runs every package's tests, each with its own config (and
// `--project <package name>` picks one). `npm test` runs the same projects
// package by package through turbo, in dependency order and cached.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["spec", "packages/*", "tests/*", "tools"],
  },
});
