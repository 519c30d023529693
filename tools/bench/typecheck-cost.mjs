// What our generated types cost a consumer: `tsc --noEmit` on a file that
// calls 20 different operations, against an empty consumer file, both under
// TypeScript 5.9 with --extendedDiagnostics.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "tools/node_modules/typescript/bin/tsc");
const GENERATED = join(root, "packages/client/src/generated/openapi.ts");

const SAMPLES = join(root, "packages/docs/generated/samples");

/**
 * A consumer that calls `count` different operations: the bodies of the docs'
 * generated samples (already type-checked against the client), one function each.
 */
function consumerSource(count) {
  const files = readdirSync(SAMPLES)
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .slice(0, count);
  if (files.length < count) throw new Error(`Only ${files.length} samples in ${SAMPLES}; build the docs first.`);
  const functions = files.map((file, index) => {
    const source = readFileSync(join(SAMPLES, file), "utf8");
    const afterClient = source.indexOf("\n});\n", source.indexOf("createIamportClient(")) + "\n});\n".length;
    return `export async function call${index}() {\n${source.slice(afterClient)}}\n`;
  });
  // The samples use unwrap and the /payments helpers (whichever a slice needs): import them all once.
  return `import { createIamportClient, unwrap } from "@iamport-contract/client";
import { handleWebhook, preparePayment, verifyPayment } from "@iamport-contract/client/payments";
void unwrap; void handleWebhook; void preparePayment; void verifyPayment;
declare const process: { env: Record<string, string | undefined> };
const portone = createIamportClient({ apiKey: process.env.PORTONE_API_KEY ?? "", apiSecret: process.env.PORTONE_API_SECRET ?? "" });
${functions.join("\n")}`;
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
  const base = join(root, "tools/bench/.consumer");
  rmSync(base, { recursive: true, force: true });
  const results = {};
  for (const [name, source] of [
    ["empty consumer", 'import type {} from "@iamport-contract/client";\nexport {};\n'],
    [`${operations} operations`, consumerSource(operations)],
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
