// Generates src/generated/ (run by `build`, never edited by hand), with the
// same openapi-typescript options as the client's types:
// - control.ts: the control API's types, from control-openapi.yaml;
// - openapi.ts: the API's types, from the spec's wire bundle, so that the
//   records the stateful mock stores are the spec's schemas.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
/** The bundle the mock serves and validates against, resolved by package name: the one place it is named. */
const specFile = require.resolve("@iamport-contract/spec/openapi.json");
const controlFile = fileURLToPath(new URL("../control-openapi.yaml", import.meta.url));
const openapiTypescript = fileURLToPath(new URL("../bin/cli.js", pathToFileURL(require.resolve("openapi-typescript"))));

for (const [input, output] of [
  [controlFile, "control.ts"],
  [specFile, "openapi.ts"],
]) {
  execFileSync(
    process.execPath,
    [
      openapiTypescript,
      input,
      "--default-non-nullable",
      "false",
      "--output",
      fileURLToPath(new URL(`../src/generated/${output}`, import.meta.url)),
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
}
