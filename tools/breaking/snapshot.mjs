#!/usr/bin/env node
// Records the current spec as the released one (spec/released/). Normally run
// by `node tools/setup/pnpm.mjs run release` right after `changeset version`:
//   1. writes the spec package's version into spec/openapi.yaml's info.version,
//   2. rebuilds the bundle (`node spec/build.mjs`),
//   3. refuses if the bundle breaks the last snapshot without a major bump
//      (0.x: minor), printing the report,
//   4. writes spec/released/openapi.json and spec/released/version.json.
// Options: --no-build  use spec/dist as it is (its info.version must already match)
//          --force     skip step 3, for a deliberate reset of the snapshot
import { parseArgs } from "node:util";
import { recordSnapshot } from "./repository.mjs";

const { values } = parseArgs({ options: { "no-build": { type: "boolean", default: false }, force: { type: "boolean", default: false } } });
const result = recordSnapshot({ build: !values["no-build"], force: values.force });
if (!result.ok) {
  console.error(result.report);
  process.exit(1);
}
