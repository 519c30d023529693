// Lints the multi-file spec, then bundles it into dist/openapi.{json,yaml}.
// Redocly runs with telemetry and update notices off: builds must not reach
// the network, and CI output should show only what matters.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { canonicalize } from "./lib/canonical.mjs";
import { withTrailingSlashAliases } from "./lib/trailing-slash.mjs";
import { dereference } from "./toolkit/index.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const redocly = fileURLToPath(new URL("node_modules/@redocly/cli/bin/cli.js", import.meta.url));
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" };

function run(step, args) {
  console.log(`[spec] ${step}`);
  try {
    execFileSync(process.execPath, [redocly, ...args], { cwd: here, env, stdio: ["ignore", "inherit", "inherit"] });
  } catch {
    // Redocly has already printed the problems; a Node stack trace would only bury them.
    console.error(`[spec] ${step} failed: see Redocly's report above.`);
    process.exit(1);
  }
}

const only = process.argv[2];
run("lint (zero problems allowed)", ["lint", "openapi.yaml", "--config", "redocly.yaml", "--max-problems=50"]);
if (only === "--lint-only") process.exit(0);
// dist/ is overwritten in place, not removed first: other builds and tests may
// be reading it. Redocly bundles into a scratch file; each dist file is then
// written once, complete.
const scratch = mkdtempSync(join(tmpdir(), "spec-bundle-"));
// Removed on every exit, including a failed step's process.exit(1).
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
const raw = join(scratch, "openapi.json");
run("bundle", ["bundle", "openapi.yaml", "--config", "redocly.yaml", "-o", raw]);
// The wire bundle: the source plus the trailing-slash alias paths it declares.
const wire = withTrailingSlashAliases(JSON.parse(readFileSync(raw, "utf8")));
const dist = (name) => fileURLToPath(new URL(`dist/${name}`, import.meta.url));
mkdirSync(fileURLToPath(new URL("dist/", import.meta.url)), { recursive: true });
console.log("[spec] write dist/openapi.json (with trailing-slash aliases)");
writeFileSync(dist("openapi.json"), `${JSON.stringify(wire, null, 2)}\n`);
// The aliases end in "/" on purpose; every other rule still applies to them.
run("lint the wire bundle", [
  "lint",
  dist("openapi.json"),
  "--config",
  "redocly.yaml",
  "--max-problems=50",
  "--skip-rule=no-path-trailing-slash",
]);
run("dist/openapi.json → dist/openapi.yaml", ["bundle", dist("openapi.json"), "--config", "redocly.yaml", "-o", dist("openapi.yaml")]);
// Two derived views of the wire bundle (see extensions.md):
// - openapi.canonical.json: without the `x-lenient` branches and paths; the client's type generator reads it.
// - openapi.dereferenced.json: every `$ref` resolved, for tools that cannot follow references.
console.log("[spec] derive → dist/openapi.canonical.json, dist/openapi.dereferenced.json");
writeFileSync(dist("openapi.canonical.json"), `${JSON.stringify(canonicalize(wire), null, 2)}\n`);
writeFileSync(dist("openapi.dereferenced.json"), `${JSON.stringify(dereference(wire), null, 2)}\n`);
// The reference offers the canonical bundle for download in YAML too.
run("dist/openapi.canonical.json → dist/openapi.canonical.yaml", [
  "bundle",
  dist("openapi.canonical.json"),
  "--config",
  "redocly.yaml",
  "-o",
  dist("openapi.canonical.yaml"),
]);
