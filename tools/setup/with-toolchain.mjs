// Runs any command on the pinned toolchain, e.g.
// `node tools/setup/with-toolchain.mjs node tools/start/serve.mjs`.
import { runWithToolchain } from "./toolchain.mjs";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node tools/setup/with-toolchain.mjs <command> [args…]");
  process.exit(2);
}
runWithToolchain(command, args);
