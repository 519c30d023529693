// Runs the repo's pinned pnpm (installed by bootstrap.mjs into .tools/) with
// that pnpm on PATH, so that turbo and nested scripts find the same version.
import { spawnSync } from "node:child_process";
import { delimiter } from "node:path";
import { pinnedPnpm } from "./toolchain.mjs";

const { bin, binDir } = pinnedPnpm();
const env = {
  ...process.env,
  PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}`,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
};
const result = spawnSync(bin, process.argv.slice(2), { stdio: "inherit", env });
if (result.error) {
  console.error(`Could not run pnpm (${bin}): ${result.error.message}. Run \`node scripts/bootstrap.mjs\` first.`);
  process.exit(1);
}
process.exit(result.status ?? 1);
