/** Bundles an entry file, or ES module text resolved from `resolveDir`, as a service's bundler would for any runtime; returns the minified code. */
export function minifiedBundle(input: { entry: string } | { contents: string; resolveDir: string }): Promise<Uint8Array>;
