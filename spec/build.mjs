// Lints the multi-file spec, then bundles it into dist/openapi.{json,yaml}.
// Redocly runs with telemetry and update notices off: builds must not reach
// the network, and CI output should show only what matters.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const redocly = fileURLToPath(new URL("node_modules/@redocly/cli/bin/cli.js", import.meta.url));
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" };

function run(step, args) {
  console.log(`[spec] ${step}`);
  execFileSync(process.execPath, [redocly, ...args], { cwd: here, env, stdio: ["ignore", "inherit", "inherit"] });
}

const only = process.argv[2];
run("lint (zero problems allowed)", ["lint", "openapi.yaml", "--config", "../redocly.yaml", "--max-problems=50"]);
if (only === "--lint-only") process.exit(0);
// dist/ is overwritten in place, not removed first: other builds and tests may be reading it.
run("bundle → dist/openapi.json", ["bundle", "openapi.yaml", "--config", "../redocly.yaml", "-o", "dist/openapi.json"]);
run("bundle → dist/openapi.yaml", ["bundle", "openapi.yaml", "--config", "../redocly.yaml", "-o", "dist/openapi.yaml"]);
