// The client's runtime cost in a browser or edge bundle: dist/index.js with
// its dependencies (openapi-fetch), minified, then gzipped.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export async function runBundleSize() {
  const entry = fileURLToPath(import.meta.resolve("@iamport-contract/client"));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { minifiedBytes: code.byteLength, gzippedBytes: gzipSync(code, { level: 9 }).byteLength };
}
