import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadBundledSpec, operationsOf } from "../browser/spec.js";

const require = createRequire(import.meta.url);
const docsDir = fileURLToPath(new URL("../../", import.meta.url));
const samplesDir = `${docsDir}generated/samples/`;
const spec = loadBundledSpec();
// Trailing-slash aliases (`x-lenient` path items) get no sample: the client's types have no such path.
const isAlias = (path: string) => (spec.paths?.[path] as { "x-lenient"?: boolean } | undefined)?.["x-lenient"] === true;
const operations = operationsOf(spec).filter((operation) => !operation.webhook && !isAlias(operation.path));

type DocsOperation = { operationId?: string; "x-codeSamples"?: { lang: string; label?: string; source: string }[] };
const docsBundle = JSON.parse(readFileSync(`${docsDir}generated/openapi.docs.json`, "utf8")) as {
  paths: Record<string, Record<string, DocsOperation>>;
};

describe("TypeScript samples (x-codeSamples)", () => {
  it("exist for every operation of the bundled spec, one file each", () => {
    expect(operations.length).toBeGreaterThan(0);
    const files = readdirSync(samplesDir).filter((file) => file.endsWith(".ts"));
    expect(files).toHaveLength(operations.length);
    for (const { method, path, operation } of operations) {
      const samples = docsBundle.paths[path]?.[method]?.["x-codeSamples"] ?? [];
      expect(samples, `${method.toUpperCase()} ${path}`).toHaveLength(1);
      const [sample] = samples;
      expect(sample?.lang).toBe("TypeScript");
      expect(readFileSync(`${samplesDir}${String(operation.operationId)}.ts`, "utf8")).toBe(sample?.source);
    }
  });

  it("call the operation's own path and method on the right client", () => {
    for (const { method, path } of operations) {
      const source = docsBundle.paths[path]?.[method]?.["x-codeSamples"]?.[0]?.source ?? "";
      const client = path.startsWith("/api/supplements/") ? "supplements" : "v1";
      expect(source).toContain('import { createIamportClient } from "@iamport-contract/client";');
      expect(source).toContain(`await portone.${client}.${method.toUpperCase()}(${JSON.stringify(path)}`);
    }
  });

  it("are type-checked against the real client: the generated ones pass, a drifted one fails", () => {
    // One tsc run over every generated sample plus a copy of one whose path the spec no longer has.
    const probeDir = `${docsDir}generated/typecheck-probe/`;
    rmSync(probeDir, { recursive: true, force: true });
    mkdirSync(probeDir, { recursive: true });
    const [first] = operations;
    if (!first) throw new Error("no operations");
    const original = readFileSync(`${samplesDir}${String(first.operation.operationId)}.ts`, "utf8");
    const drifted = original.replace(`(${JSON.stringify(first.path)}`, `(${JSON.stringify(`${first.path}/renamed`)}`);
    expect(drifted).not.toBe(original);
    writeFileSync(`${probeDir}drifted.ts`, drifted);
    writeFileSync(
      `${probeDir}tsconfig.json`,
      JSON.stringify({ extends: "../../tsconfig.samples.json", include: ["../samples/*.ts", "drifted.ts"] }, null, 2),
    );
    const tsc = require.resolve("typescript/bin/tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", `${probeDir}tsconfig.json`, "--pretty", "false"], { cwd: docsDir, encoding: "utf8" });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    } finally {
      rmSync(probeDir, { recursive: true, force: true });
    }
    const failingFiles = [...new Set(output.split("\n").flatMap((line) => /^(\S+\.ts)\(\d+,\d+\): error/.exec(line)?.[1] ?? []))];
    expect(failingFiles.map((file) => file.replace(/^.*\//, ""))).toEqual(["drifted.ts"]);
    expect(output).toContain(`${first.path}/renamed`);
  }, 60_000);
});
