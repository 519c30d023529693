import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const RUNS = 5;
const CONFIG = fileURLToPath(new URL("./fixture/vitest.config.ts", import.meta.url));
const VITEST = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

/**
 * The README's CI pattern, run as a user runs it: vitest in its own process,
 * one mock in globalSetup, 4 test files of 5 tests at --maxWorkers=4, each
 * file its own test_ key and resetting only its own merchant before each test.
 */
describe("the recommended CI pattern", () => {
  it(`passes 20 of 20 tests in ${RUNS} runs of ${RUNS}`, { timeout: RUNS * 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-ci-pattern-"));
    try {
      const passed: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const report = join(dir, `run-${run}.json`);
        const child = spawnSync(
          process.execPath,
          [VITEST, "run", "--config", CONFIG, "--maxWorkers=4", "--reporter=json", `--outputFile=${report}`],
          { encoding: "utf8", timeout: 120_000 },
        );
        const result = JSON.parse(readFileSync(report, "utf8")) as { numTotalTests: number; numPassedTests: number };
        expect(result.numTotalTests, child.stderr).toBe(20);
        passed.push(result.numPassedTests);
      }
      expect(passed).toEqual(Array(RUNS).fill(20));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
