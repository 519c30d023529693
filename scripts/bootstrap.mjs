// Set-up shared by `npm start` and `npm test` on a machine with only Node and
// npm: install the pinned pnpm into .tools/ (no global install, so another
// pnpm on the machine is never touched), then the workspace's packages
// exactly as locked.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { pinnedPnpm, repoRoot } from "./toolchain.mjs";

const step = (message) => console.log(`[setup] ${message}`);
const { version, toolsDir, bin } = pinnedPnpm();

function installedVersion() {
  if (!existsSync(bin)) return undefined;
  const result = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const [major] = process.versions.node.split(".").map(Number);
if (major < 20) {
  console.error(`[setup] Node ${process.versions.node} is too old: this repo needs Node 20 or newer.`);
  process.exit(1);
}

if (installedVersion() === version) {
  step(`pnpm ${version} ready`);
} else {
  step(`installing pnpm ${version} into .tools/ …`);
  mkdirSync(toolsDir, { recursive: true });
  execFileSync("npm", ["install", "--prefix", toolsDir, "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${version}`], {
    stdio: "inherit",
  });
  if (installedVersion() !== version) {
    console.error(`[setup] pnpm ${version} did not install correctly into ${toolsDir}.`);
    process.exit(1);
  }
}

step("installing workspace packages (pnpm install --frozen-lockfile) …");
const install = spawnSync(bin, ["install", "--frozen-lockfile", "--reporter=append-only"], {
  cwd: repoRoot,
  stdio: "inherit",
  env: { ...process.env, npm_config_update_notifier: "false" },
});
if (install.status !== 0) {
  console.error(
    "[setup] pnpm install failed (see above). If the lockfile is out of date, run `node scripts/pnpm.mjs install` and commit pnpm-lock.yaml.",
  );
  process.exit(install.status ?? 1);
}
step("done");
