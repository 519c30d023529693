// Regenerates upstream/portone-v1-inventory.json from PortOne's reference
// facts (../shared/reference/portone-v1-surface.json by default). The
// inventory keeps only names, places, types and flags: no labels, notes or
// other prose, because the source schema is AGPL-licensed.
//
//   node tools/upstream/generate-inventory.mjs [path/to/portone-v1-surface.json]
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildInventory, DEFAULT_SURFACE, INVENTORY_PATH } from "./inventory.mjs";

const surfacePath = process.argv[2] ?? DEFAULT_SURFACE;
let surface;
try {
  surface = JSON.parse(readFileSync(surfacePath, "utf8"));
} catch (error) {
  console.error(`Cannot read PortOne's reference at ${surfacePath}: ${error.message}`);
  process.exit(1);
}
const inventory = buildInventory(surface);
writeFileSync(INVENTORY_PATH, `${JSON.stringify(inventory, null, 2)}\n`);
console.log(`Wrote ${fileURLToPath(new URL(`file://${INVENTORY_PATH}`))}: ${inventory.operations.length} operations.`);
