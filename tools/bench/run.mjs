// `pnpm bench`: runs every benchmark side by side on this machine and writes
// BENCHMARKS.md (machine, date, medians, ratios, targets). Not part of
// `npm test`. Expects a built workspace (the root `bench` script builds first).
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { runBundleSize } from "./bundle-size.mjs";
import { runMockThroughput } from "./mock-throughput.mjs";
import { runPipeline } from "./pipeline.mjs";
import { runTypecheckCost } from "./typecheck-cost.mjs";

const scriptsDir = fileURLToPath(new URL("..", import.meta.url));
const outFile = fileURLToPath(new URL("../../BENCHMARKS.md", import.meta.url));
const log = (message) => console.log(`[bench] ${message}`);
const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a";
const ratio = (a, b) => (b ? a / b : Number.NaN);
const verdict = (ok) => (ok ? "met" : "**missed**");

function clientOverhead() {
  const out = "/tmp/iamport-bench-client.jsonl";
  rmSync(out, { force: true });
  execFileSync(process.execPath, ["node_modules/vitest/vitest.mjs", "bench", "--run", "client-overhead"], {
    cwd: scriptsDir,
    stdio: "inherit",
    env: { ...process.env, BENCH_OUT: out },
  });
  return readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);
const sections = [];
const started = new Date();

if (wanted("client")) {
  log("1/5 client overhead (vitest bench) …");
  const rows = clientOverhead();
  const lines = [
    "## 1. Client overhead",
    "",
    "GET /payments/{imp_uid}; our client with its auth middleware active and the token cached. Median ops/s of one side-by-side comparison per group.",
    "",
    "| group | contender | median ops/s | × bare openapi-fetch |",
    "|---|---|---:|---:|",
  ];
  for (const group of [...new Set(rows.map((r) => r.group))]) {
    const bare = rows.find((r) => r.group === group && r.name === "bare openapi-fetch");
    for (const r of rows.filter((x) => x.group === group))
      lines.push(`| ${group} | ${r.name} | ${fmt(r.opsPerSecMedian)} | ${fmt(ratio(r.opsPerSecMedian, bare?.opsPerSecMedian), 2)} |`);
    const ours = rows.find((r) => r.group === group && r.name === "@iamport-contract/client");
    // Issue #14: ≥ 0.8× bare openapi-fetch, side by side in one run (the stubbed-fetch group is the one that isolates the client).
    lines.push(`| | **target ≥ 0.80×** | | ${verdict(ratio(ours?.opsPerSecMedian, bare?.opsPerSecMedian) >= 0.8)} |`);
  }
  sections.push(lines.join("\n"));
}

if (wanted("mock")) {
  log("2/5 mock throughput (autocannon, loopback) …");
  const rows = await runMockThroughput({ log });
  const lines = [
    "## 2. Mock throughput and latency",
    "",
    "autocannon, 1 s unrecorded warm-up then 5 s per row, loopback; the POST registers a new `merchant_uid` each time; each server in its own process. Ratio = the row's req/s ÷ the bare node:http server's req/s for the same scenario and connections.",
    "",
    "| server | scenario | conns | req/s | × bare | p50 ms | p99 ms | non-2xx | errors |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const bare = rows.find((b) => b.target === "bare node:http" && b.scenario === r.scenario && b.connections === r.connections);
    lines.push(
      `| ${r.target} | ${r.scenario} | ${r.connections} | ${fmt(r.requestsPerSec)} | ${fmt(ratio(r.requestsPerSec, bare?.requestsPerSec), 3)} | ${fmt(r.p50Ms, 1)} | ${fmt(r.p99Ms, 1)} | ${r.non2xx} | ${r.errors} |`,
    );
  }
  // Issue #15's targets: GET answered from an example, 10 connections.
  const check = (target, min) =>
    rows
      .filter((r) => r.target === target && r.scenario === "GET /payments/{imp_uid} (example)" && r.connections === 10)
      .every(
        (r) =>
          ratio(
            r.requestsPerSec,
            rows.find((b) => b.target === "bare node:http" && b.scenario === r.scenario && b.connections === r.connections)?.requestsPerSec,
          ) >= min,
      );
  const p99 = rows
    .filter((r) => r.target.startsWith("mock, state") && !r.target.includes("info") && r.connections === 10)
    .every((r) => r.p99Ms <= 5);
  const has = (target) => rows.some((r) => r.target === target);
  lines.push(
    "",
    `Targets (GET from an example, 10 connections): stateless ≥ 0.50× bare: ${has("mock, stateless") ? verdict(check("mock, stateless", 0.5)) : "not measured"}; stateful ≥ 0.45× bare: ${has("mock, stateful") ? verdict(check("mock, stateful", 0.45)) : "not measured"}; p99 ≤ 5 ms at 10 connections: ${verdict(p99)}.`,
  );
  sections.push(lines.join("\n"));
}

if (wanted("pipeline")) {
  log("3/5 pipeline …");
  const p = runPipeline({ log });
  sections.push(
    [
      "## 3. Pipeline",
      "",
      "| measurement | seconds |",
      "|---|---:|",
      `| cold \`turbo run build --force\` (outputs removed) | ${fmt(p.coldSeconds, 2)} |`,
      `| warm \`turbo run build\` (full cache hit), median of 3 | ${fmt(p.warmSecondsMedian, 2)} |`,
      `| type generation alone (openapi-typescript), median of 3 | ${fmt(p.typegenSecondsMedian, 2)} |`,
      "",
      `Target: warm ≤ 2 s: ${verdict(p.warmSecondsMedian <= 2)}.`,
    ].join("\n"),
  );
}

if (wanted("types")) {
  log("4/5 consumer type-check cost …");
  const t = runTypecheckCost();
  const lines = [
    "## 4. Consumer type-check cost",
    "",
    "`tsc --noEmit --extendedDiagnostics` (TypeScript 5.9.3, strict, `skipLibCheck: false`), median of 3.",
    "",
    "| consumer | total s | check s | instantiations | types |",
    "|---|---:|---:|---:|---:|",
  ];
  for (const [name, r] of Object.entries(t.results))
    lines.push(`| ${name} | ${fmt(r.totalSeconds, 2)} | ${fmt(r.checkSeconds, 2)} | ${fmt(r.instantiations)} | ${fmt(r.types)} |`);
  lines.push(
    "",
    `Generated types: ${fmt(t.generatedTypesBytes / 1024, 1)} KiB, ${fmt(t.generatedTypesLines)} lines (packages/client/src/generated/openapi.ts).`,
  );
  sections.push(lines.join("\n"));
}

if (wanted("bundle")) {
  log("5/5 client bundle size …");
  const b = await runBundleSize();
  sections.push(
    [
      "## 5. Client bundle size",
      "",
      "esbuild, `dist/index.js` with openapi-fetch, ESM, minified.",
      "",
      "| minified | minified + gzip -9 |",
      "|---:|---:|",
      `| ${fmt(b.minifiedBytes)} B | ${fmt(b.gzippedBytes)} B |`,
      "",
      `Budget ≤ 12 kB minified: ${verdict(b.minifiedBytes <= 12 * 1024)}.`,
    ].join("\n"),
  );
}

const cpu = cpus();
const header = [
  "# Benchmarks",
  "",
  "Written by `pnpm bench` (tools/bench/run.mjs). Every ratio compares contenders measured side by side in the same run.",
  "",
  `- Date: ${started.toISOString()}`,
  `- Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${fmt(totalmem() / 2 ** 30, 0)} GiB RAM`,
  `- Node ${process.versions.node}, ${process.platform}/${process.arch}`,
  "",
].join("\n");
const findings = readFileSync(fileURLToPath(new URL("./findings.md", import.meta.url)), "utf8");
writeFileSync(outFile, `${header}\n${sections.join("\n\n")}\n\n${findings}`);
// The repo's formatter owns Markdown layout (aligned tables); keep `biome ci` green.
execFileSync(fileURLToPath(new URL("../../node_modules/.bin/biome", import.meta.url)), ["format", "--write", outFile], { stdio: "ignore" });
log(`wrote ${outFile}`);
