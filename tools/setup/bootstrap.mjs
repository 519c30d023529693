// Set-up shared by `npm start` and `npm test` on a machine with only Node and
// npm. It runs on whatever Node the machine has (18 or newer) and:
//   1. installs the pinned Node and pnpm into .tools/ (tools/setup/toolchain, with
//      its lockfile: no global install, nothing else on the machine touched);
//   2. with --for-tests, makes sure the system programs the tests drive are
//      there (Chromium and a CJK font for the reference's browser test,
//      redis-server for the shared token-store test), installing Debian's
//      packages when it runs as root with apt-get, and saying what to run
//      otherwise;
//   3. installs the workspace's packages exactly as locked, on the pinned Node.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { manifestDir, nodePackage, pinnedNodeBin, pins, pnpmBin, repoRoot, toolchainEnv, toolsDir } from "./toolchain.mjs";

const forTests = process.argv.includes("--for-tests");
const step = (message) => console.log(`[setup] ${message}`);
const fail = (message) => {
  console.error(`[setup] ${message}`);
  process.exit(1);
};

const [major] = process.versions.node.split(".").map(Number);
if (major < 18)
  fail(`Node ${process.versions.node} is too old to run the set-up: it needs Node 18 or newer (it then installs its own pinned Node).`);

let versions;
try {
  versions = pins();
} catch (error) {
  fail(error.message);
}

function versionOf(bin) {
  if (!bin || !existsSync(bin)) return undefined;
  const result = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, "") : undefined;
}

function sameFile(a, b) {
  return existsSync(b) && readFileSync(a, "utf8") === readFileSync(b, "utf8");
}

// 1. The toolchain.
const lockedInTools = sameFile(join(manifestDir, "package-lock.json"), join(toolsDir, "package-lock.json"));
const nodeReady = !versions.nodeShipped || versionOf(pinnedNodeBin()) === versions.node;
if (lockedInTools && nodeReady && versionOf(pnpmBin) === versions.pnpm) {
  step(`node ${versions.nodeShipped ? versions.node : process.versions.node} and pnpm ${versions.pnpm} ready (.tools/)`);
} else {
  step(`installing the pinned toolchain into .tools/: node ${versions.node}, pnpm ${versions.pnpm} (about 60 MB, once) …`);
  mkdirSync(toolsDir, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(manifestDir, file), join(toolsDir, file));
  const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: toolsDir, stdio: "inherit" });
  if (install.status !== 0) fail("npm could not install the pinned toolchain (see above). The npm registry must be reachable.");
  if (versions.nodeShipped && versionOf(pinnedNodeBin()) !== versions.node)
    fail(`node ${versions.node} did not install correctly into .tools/.`);
  if (versionOf(pnpmBin) !== versions.pnpm) fail(`pnpm ${versions.pnpm} did not install correctly into .tools/.`);
}
if (!versions.nodeShipped) {
  // No Node binary is pinned for this platform (e.g. macOS): the machine's own
  // Node runs the pipeline, so it must meet the same bar as the pinned one.
  const [nodeMajor, nodeMinor] = process.versions.node.split(".").map(Number);
  if (nodeMajor < 24 || (nodeMajor === 24 && nodeMinor < 18)) {
    fail(
      `this platform (${nodePackage}) has no pinned Node package; install Node 24.18 or newer and run again (found ${process.versions.node}).`,
    );
  }
  step(`no Node package pinned for ${nodePackage}: using this machine's node ${process.versions.node}`);
}

// 2. System programs the tests drive.
if (forTests) ensureSystemPrograms();

function ensureSystemPrograms() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const needed = [];
  if (!existsSync(chromium)) needed.push({ pkg: "chromium", why: `Chromium for the reference's browser test (none at ${chromium})` });
  if (!hasCjkFont()) needed.push({ pkg: "fonts-noto-cjk", why: "a Korean font, so that browser screenshots show Hangul instead of boxes" });
  if (!onPath("redis-server")) needed.push({ pkg: "redis-server", why: "redis-server for the shared token-store test" });
  if (needed.length === 0) return;
  for (const { why } of needed) step(`missing: ${why}`);
  const packages = needed.map(({ pkg }) => pkg);
  const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(" ")}`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !onPath("apt-get")) {
    fail(
      `the tests need ${packages.join(", ")}. Install them (on Debian/Ubuntu: \`sudo ${command}\`), or point CHROMIUM_PATH at a Chromium, then run npm test again.`,
    );
  }
  step(`installing Debian packages: ${packages.join(" ")} (1 to 3 minutes) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", ...packages],
  ]) {
    const result = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
    if (result.status !== 0) fail(`\`apt-get ${args.join(" ")}\` failed (see above).`);
  }
  if (packages.includes("chromium") && !existsSync(chromium))
    fail(`apt-get installed chromium, but there is still nothing at ${chromium}.`);
  step(`installed ${packages.join(", ")}`);
}

function onPath(program) {
  return spawnSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" }).status === 0;
}

function hasCjkFont() {
  const result = spawnSync("fc-list", [":lang=ko", "family"], { encoding: "utf8" });
  return result.status === 0 && result.stdout.trim().length > 0;
}

// 3. The workspace.
step("installing workspace packages (pnpm install --frozen-lockfile) …");
const install = spawnSync(pnpmBin, ["install", "--frozen-lockfile", "--reporter=silent"], {
  cwd: repoRoot,
  stdio: ["ignore", "inherit", "inherit"],
  env: toolchainEnv(),
});
if (install.status !== 0) {
  fail(
    "pnpm install failed (see above). If the lockfile is out of date, run `node tools/setup/pnpm.mjs install` and commit pnpm-lock.yaml.",
  );
}
step("done");
