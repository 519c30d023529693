import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = new URL("../../../../", import.meta.url);
const docs = [
  "README.md",
  ...readdirSync(new URL("packages/", root)).map((name) => `packages/${name}/README.md`),
  ...readdirSync(new URL("spec/guide/", root))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `spec/guide/${name}`),
].filter((file) => {
  try {
    readFileSync(new URL(file, root));
    return true;
  } catch {
    return false;
  }
});

/** Every ```ts / ```typescript fence of a Markdown file, with its line. A deliberately partial snippet uses another fence (see CONTRIBUTING.md). */
function snippets(file: string): Array<{ line: number; code: string }> {
  const text = readFileSync(new URL(file, root), "utf8");
  const found: Array<{ line: number; code: string }> = [];
  for (const match of text.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)) {
    found.push({ line: text.slice(0, match.index).split("\n").length, code: match[1] ?? "" });
  }
  return found;
}

const dist = (pkg: string) => fileURLToPath(new URL(`packages/${pkg}/dist/`, root));
/** Consumers import the built packages by name; `paths` maps each name to its dist/ types, as `exports` does. */
const options: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  skipLibCheck: true,
  types: ["node"],
  typeRoots: [fileURLToPath(new URL("../../node_modules/@types", import.meta.url))],
  paths: {
    "@iamport-contract/client": [`${dist("client")}index.d.ts`],
    "@iamport-contract/client/*": [`${dist("client")}*/index.d.ts`, `${dist("client")}*.d.ts`],
    "@iamport-contract/mock": [`${dist("mock")}index.d.ts`],
  },
};

/** Type errors of one snippet, compiled as a module of its own (top-level await allowed). */
function check(code: string): string[] {
  const name = fileURLToPath(new URL("tests/e2e/test/client/__snippet__.ts", root));
  const host = ts.createCompilerHost(options);
  const read = host.readFile;
  host.readFile = (file) => (file === name ? `${code}\nexport {};\n` : read(file));
  host.fileExists = (
    (exists) => (file: string) =>
      file === name || exists(file)
  )(host.fileExists);
  const program = ts.createProgram([name], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === name || !d.file)
    .map(
      (d) =>
        `${d.file ? `line ${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
    );
}

const cases = docs.flatMap((file) => snippets(file).map((snippet) => ({ name: `${file}:${snippet.line}`, ...snippet })));

describe("every TypeScript snippet of the docs type-checks against the built packages", () => {
  it("finds snippets", () => expect(cases.length).toBeGreaterThan(3));
  it.each(cases)(
    "$name",
    ({ code }) => {
      expect(check(code)).toEqual([]);
    },
    60_000,
  );
});
