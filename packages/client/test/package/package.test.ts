import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dist, minifiedBundle } from "../helpers/bundle.js";

const root = new URL("../../", import.meta.url);
/** The runtime budget from issue #4: dist/index.js with openapi-fetch, bundled and minified. */
const BUDGET_BYTES = 12_000;

const ownJs = (dir: URL): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? ownJs(new URL(`${entry.name}/`, dir)).map((f) => `${entry.name}/${f}`)
      : entry.name.endsWith(".js")
        ? [entry.name]
        : [],
  );

describe("the published package", () => {
  it(`bundles to at most ${BUDGET_BYTES} bytes minified, for any runtime (no Node built-ins)`, async () => {
    const bytes = Buffer.byteLength(await minifiedBundle('export * from "./index.js";'));
    console.log(`runtime bundle: ${bytes} bytes minified (budget ${BUDGET_BYTES})`);
    expect(bytes).toBeGreaterThan(5_000); // openapi-fetch is in it
    expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("uses no Node-only API on the runtime path", () => {
    const files = ownJs(dist);
    expect(files).toContain("index.js");
    for (const file of files) {
      const code = readFileSync(new URL(file, dist), "utf8");
      expect(code, file).not.toMatch(/from\s+["']node:|require\(|\bprocess\.|\bBuffer\b|__dirname/);
    }
  });

  it("keeps the types entry point free of runtime code", () => {
    for (const file of ["types.js", "generated/openapi.js", "generated/schemas.js"]) {
      const code = readFileSync(new URL(file, dist), "utf8")
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
        .trim();
      expect(code, file).toBe("export {};");
    }
  });

  it("points every export at a file that exists, types first", () => {
    const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
      type: string;
      exports: Record<string, string | { types: string; default: string }>;
      sideEffects: boolean;
    };
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string") {
        readFileSync(new URL(target, root));
        continue;
      }
      expect(Object.keys(target)[0], entry).toBe("types");
      readFileSync(new URL(target.types, root));
      readFileSync(new URL(target.default, root));
    }
  });
});
