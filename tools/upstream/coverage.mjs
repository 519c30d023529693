// Prints how much of PortOne's documented V1 surface the bundled spec covers.
// Exit code 1 when there is an unexplained gap or a stale waiver.
//   node tools/upstream/coverage.mjs
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { checkCoverage, formatReport, loadWaivers } from "./coverage-check.mjs";
import { INVENTORY_PATH } from "./inventory.mjs";

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve("@iamport-contract/spec/openapi.json"), "utf8"));
const inventory = JSON.parse(readFileSync(INVENTORY_PATH, "utf8"));
const result = checkCoverage(spec, inventory, loadWaivers());
console.log(formatReport(result));
process.exit(result.gaps.length || result.unusedWaivers.length ? 1 : 0);
