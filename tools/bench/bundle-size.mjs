// The client's runtime cost in a browser or edge bundle: dist/index.js with
// its dependencies (openapi-fetch), minified, then gzipped.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { minifiedBundle } from "@iamport-contract/test-support/browser-bundle";

export async function runBundleSize() {
  const entry = fileURLToPath(import.meta.resolve("@iamport-contract/client"));
  const code = await minifiedBundle({ entry });
  return { minifiedBytes: code.byteLength, gzippedBytes: gzipSync(code, { level: 9 }).byteLength };
}
