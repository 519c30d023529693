// The bundle a service's bundler would make of the client for any runtime
// (browser, edge, Node): with its dependencies, minified, ES module, no Node
// built-ins. The client's size budget test and `pnpm bench` measure this same
// bundle, so their figures agree.
import { build } from "esbuild";

/**
 * Bundles either an entry file or `stdin` contents (an ES module) and returns
 * the output code.
 * @param {{ entry: string } | { contents: string, resolveDir: string }} input
 * @returns {Promise<Uint8Array>}
 */
export async function minifiedBundle(input) {
  const result = await build({
    ...("entry" in input ? { entryPoints: [input.entry] } : { stdin: { contents: input.contents, resolveDir: input.resolveDir } }),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.contents ?? new Uint8Array();
}
