import { build } from "esbuild";

/** dist/ of this package, where the bundle checks resolve imports from. */
export const dist = new URL("../../dist/", import.meta.url);

/**
 * Bundles `contents` (an ES module importing from dist/) the way a service's
 * bundler would for any runtime: with its dependencies, minified, no Node
 * built-ins. Returns the output code.
 */
export async function minifiedBundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: dist.pathname },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}
