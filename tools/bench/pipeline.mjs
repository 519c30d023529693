// Pipeline timings: a cold build (every build output removed, turbo's cache
// bypassed), a warm build (nothing changed: every task a cache hit), and the
// type generation alone.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pnpm = join(root, "tools", "setup", "pnpm.mjs");
const OUTPUTS = ["spec/dist", "packages/client/dist", "packages/client/src/generated", "packages/mock/dist", "packages/docs/dist"];

function timed(args, cwd = root) {
  const start = performance.now();
  execFileSync(process.execPath, args, { cwd, stdio: "ignore" });
  return (performance.now() - start) / 1000;
}

export function runPipeline({ log = console.log } = {}) {
  log("  cold build (outputs removed, --force) …");
  for (const output of OUTPUTS) rmSync(join(root, output), { recursive: true, force: true });
  const cold = timed([pnpm, "turbo", "run", "build", "--force"]);
  log("  warm build (full cache) …");
  const warmRuns = [1, 2, 3].map(() => timed([pnpm, "turbo", "run", "build"]));
  const warm = warmRuns.sort((a, b) => a - b)[1];
  log("  type generation alone …");
  const generator = join(root, "packages/client/node_modules/.bin/openapi-typescript");
  const typegenRuns = [1, 2, 3].map(() => {
    const start = performance.now();
    execFileSync(generator, ["../../spec/dist/openapi.json", "--output", "/tmp/iamport-bench-types.ts"], {
      cwd: join(root, "packages/client"),
      stdio: "ignore",
    });
    return (performance.now() - start) / 1000;
  });
  return { coldSeconds: cold, warmSecondsMedian: warm, typegenSecondsMedian: typegenRuns.sort((a, b) => a - b)[1] };
}
