import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Absolute path of the bundled spec (`@iamport-contract/spec/openapi.json`) the mock serves by default. */
export function bundledSpecPath(): string {
  return require.resolve("@iamport-contract/spec/openapi.json");
}
