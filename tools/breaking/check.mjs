#!/usr/bin/env node
// Breaking-change check: the bundled spec against the last released snapshot.
//   node tools/breaking/check.mjs              # repository state: breaking, warnings, additive
//   node tools/breaking/check.mjs --brief      # additive changes counted, not listed
//   node tools/breaking/check.mjs --base old.json --head new.json --base-version 1.2.0 --head-version 1.3.0
//   node tools/breaking/check.mjs --json       # machine-readable
// Exit code: 0 allowed, 1 not allowed under the current version, 2 usage error or missing files.
import { parseArgs } from "node:util";
import { checkRelease, formatReport, loadRepositoryState } from "./repository.mjs";

let input;
let options;
try {
  ({ values: options } = parseArgs({
    options: {
      base: { type: "string" },
      head: { type: "string" },
      "base-version": { type: "string" },
      "head-version": { type: "string" },
      brief: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  }));
  input = loadRepositoryState({
    base: options.base,
    head: options.head,
    baseVersion: options["base-version"],
    headVersion: options["head-version"],
  });
} catch (error) {
  console.error(error.message);
  process.exit(2);
}

// A spec given with --head carries its own info.version; the repository's must match its package.
const result = checkRelease({ ...input, infoVersion: !options.head && !options["head-version"] });
if (options.json) console.log(JSON.stringify(result, null, 2));
else console.log(formatReport(result, { ...input, verbose: !options.brief }));
process.exit(result.ok ? 0 : 1);
