// What our generated types cost a consumer: `tsc --noEmit` on a file that
// calls 20 different operations, against an empty consumer file, both under
// TypeScript 5.9 with --extendedDiagnostics.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "scripts/node_modules/typescript/bin/tsc");
const GENERATED = join(root, "packages/client/src/generated/openapi.ts");

function sampleValue(schema) {
  if (!schema) return '"x"';
  if (schema.enum) return JSON.stringify(schema.enum[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type === "integer" || type === "number" ? "1" : type === "boolean" ? "true" : '"x"';
}

/** A consumer that calls the first `count` GET operations of the spec, with their path parameters. */
function consumerSource(spec, count) {
  const calls = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    if (calls.length >= count) break;
    const operation = item.get;
    if (!operation || path.startsWith("/api/supplements")) continue;
    const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
      .map((p) => (p.$ref ? spec.components.parameters[p.$ref.split("/").pop()] : p))
      .filter((p) => p.in === "path");
    const pathParams = params.map((p) => `${p.name}: ${sampleValue(p.schema)}`).join(", ");
    calls.push(`  const r${calls.length} = await client.v1.GET(${JSON.stringify(path)}, { params: { path: { ${pathParams} } } });
  if (r${calls.length}.data) use(r${calls.length}.data.response);`);
  }
  return `import { createIamportClient } from "@iamport-contract/client";
declare function use(value: unknown): void;
export async function consumer() {
  const client = createIamportClient({ apiKey: "k", apiSecret: "s" });
${calls.join("\n")}
}
`;
}

function diagnostics(dir) {
  const output = execFileSync(process.execPath, [tsc, "--noEmit", "--extendedDiagnostics", "-p", dir], { cwd: dir, encoding: "utf8" });
  const number = (label) => Number((output.match(new RegExp(`${label}:\\s+([\\d.]+)`)) ?? [])[1]);
  return {
    totalSeconds: number("Total time"),
    checkSeconds: number("Check time"),
    instantiations: number("Instantiations"),
    types: number("Types"),
  };
}

export function runTypecheckCost({ operations = 20 } = {}) {
  const spec = JSON.parse(readFileSync(join(root, "spec/dist/openapi.json"), "utf8"));
  const base = join(root, "scripts/bench/.consumer");
  rmSync(base, { recursive: true, force: true });
  const results = {};
  for (const [name, source] of [
    ["empty consumer", 'import type {} from "@iamport-contract/client";\nexport {};\n'],
    [`${operations} operations`, consumerSource(spec, operations)],
  ]) {
    const dir = join(base, name.replace(/\W+/g, "-"));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "consumer.ts"), source);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          skipLibCheck: false,
          types: [],
          lib: ["ES2022", "DOM"],
        },
        files: ["consumer.ts"],
      }),
    );
    // Resolve the client as a consumer would: through node_modules.
    mkdirSync(join(dir, "node_modules/@iamport-contract"), { recursive: true });
    execFileSync("ln", ["-s", join(root, "packages/client"), join(dir, "node_modules/@iamport-contract/client")]);
    const runs = [1, 2, 3].map(() => diagnostics(dir)).sort((a, b) => a.totalSeconds - b.totalSeconds);
    results[name] = runs[1];
  }
  rmSync(base, { recursive: true, force: true });
  return {
    results,
    generatedTypesBytes: statSync(GENERATED).size,
    generatedTypesLines: readFileSync(GENERATED, "utf8").split("\n").length,
  };
}
