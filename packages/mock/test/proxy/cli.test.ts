import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReportJson } from "../../src/index.js";
import { startUpstream, type Upstream } from "./upstream.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const TOKEN = "Bearer tok_cli_secret_987654321";

let upstream: Upstream;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  upstream = await startUpstream();
  dir = await mkdtemp(join(tmpdir(), "iamport-proxy-cli-"));
});

afterAll(async () => {
  if (child?.exitCode === null) child.kill("SIGKILL");
  await upstream?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("iamport-mock --proxy", () => {
  it("prints the drift table on exit and writes --drift-report and --record", async () => {
    const reportFile = join(dir, "drift.json");
    const recordDir = join(dir, "recordings");
    child = spawn(process.execPath, [CLI, "--port", "0", "--proxy", upstream.url, "--drift-report", reportFile, "--record", recordDir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i++) {
      url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(url, stderr).toBeDefined();
    expect(stdout).toMatch(/proxy to http:\/\/127\.0\.0\.1:\d+/);
    for (const path of ["/payments/imp_unknown", "/payments/imp_null", "/payments/imp_missing"]) {
      expect((await fetch(`${url}${path}`, { headers: { authorization: TOKEN } })).status).toBe(200);
    }
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Drift: 3 kind\(s\) in 3 of 3 exchange\(s\)/);
    expect(stdout).toMatch(/1 +GET \/payments\/\{imp_uid\} +response +undocumented-field +\/response\/promotion_id/);
    const report = JSON.parse(await readFile(reportFile, "utf8")) as DriftReportJson;
    expect(report.drift.map((d) => d.kind).sort()).toEqual(["missing-field", "undocumented-field", "wrong-type"]);
    const [first] = await readdir(join(recordDir, "getPayment"));
    const recording = await readFile(join(recordDir, "getPayment", first as string), "utf8");
    expect(recording).toMatch(/^# recorded by iamport-mock --proxy/);
    expect(stdout + stderr + JSON.stringify(report) + recording).not.toContain("tok_cli_secret");
  });

  it("refuses --drift-report without --proxy, and --proxy with --stateful", async () => {
    for (const args of [
      ["--drift-report", "x.json"],
      ["--proxy", "http://127.0.0.1:1", "--stateful"],
    ]) {
      const run = spawn(process.execPath, [CLI, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      run.stderr.on("data", (chunk) => (stderr += chunk));
      const [code] = await once(run, "exit");
      expect(code).toBe(2);
      expect(stderr).toMatch(/--proxy/);
    }
  });
});
