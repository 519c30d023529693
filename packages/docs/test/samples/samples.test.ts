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
    // One per operation, plus the webhook's receiving side (handleWebhook).
    expect(files).toHaveLength(operationsOf(spec).length);
    expect(readFileSync(`${samplesDir}receivePaymentNotice.ts`, "utf8")).toContain("await handleWebhook(portone, body,");
    for (const { method, path, operation } of operations) {
      const samples = docsBundle.paths[path]?.[method]?.["x-codeSamples"] ?? [];
      expect(
        samples.map((entry) => entry.lang),
        `${method.toUpperCase()} ${path}`,
      ).toEqual(["curl", "JSON", "TypeScript"]);
      const [curl, json, sample] = samples;
      expect(curl?.source).toContain(`curl -X ${method.toUpperCase()} 'https://api.iamport.`);
      const exchange = JSON.parse(json?.source ?? "") as { request: { method: string; url: string }; response: { status: number } };
      expect(exchange.request.method).toBe(method.toUpperCase());
      expect(exchange.response.status).toBeGreaterThanOrEqual(200);
      expect(readFileSync(`${samplesDir}${String(operation.operationId)}.ts`, "utf8")).toBe(sample?.source);
    }
  });

  it("call the operation's own path and method on the right client", () => {
    for (const { method, path } of operations) {
      const source = docsBundle.paths[path]?.[method]?.["x-codeSamples"]?.[2]?.source ?? "";
      const client = path.startsWith("/api/supplements/") ? "supplements" : "v1";
      expect(source).toMatch(/^import \{ createIamportClient(, unwrap)? \} from "@iamport-contract\/client";/);
      expect(source).toMatch(/unwrap\(|preparePayment\(/);
      // POST /payments/prepare is shown through preparePayment(), which makes that call itself.
      if (method === "post" && path === "/payments/prepare") expect(source).toContain("await preparePayment(portone, {");
      else expect(source).toContain(`portone.${client}.${method.toUpperCase()}(${JSON.stringify(path)}`);
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
