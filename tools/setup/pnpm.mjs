// Runs the repo's pinned pnpm (installed by bootstrap.mjs into .tools/) with
// the pinned node and pnpm first on PATH, so that turbo and every nested
// script run on the same versions, whatever node started this script.
import { pnpmBin, runWithToolchain } from "./toolchain.mjs";

runWithToolchain(pnpmBin, process.argv.slice(2));
