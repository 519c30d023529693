import { minifiedBundle as bundle } from "@iamport-contract/test-support/browser-bundle";

/** dist/ of this package, where the bundle checks resolve imports from. */
export const dist = new URL("../../dist/", import.meta.url);

/** Bundles `contents` (an ES module importing from dist/) as a service's bundler would; returns the code. */
export async function minifiedBundle(contents: string): Promise<string> {
  return new TextDecoder().decode(await bundle({ contents, resolveDir: dist.pathname }));
}
