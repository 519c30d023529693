import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return { child, output: () => ({ stdout, stderr }) };
}

async function waitForUrl(read: () => { stdout: string }): Promise<string> {
  // A hang detector, not a speed check: on a 2-core runner beside other packages' tests, loading Prism can take a while.
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const match = read().stdout.match(/listening on (http:\/\/\S+)/);
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mock did not print its URL: ${JSON.stringify(read())}`);
}

describe("iamport-mock CLI", () => {
  it("prints its URL, serves requests and stops cleanly on SIGTERM", async () => {
    const { child, output } = run(["--port", "0"]);
    const url = await waitForUrl(output);
    const res = await fetch(`${url}/users/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_key: "k", imp_secret: "s" }),
    });
    expect(res.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(output().stdout).toMatch(/SIGTERM received, stopping/);
  });

  it("stops cleanly on SIGINT", async () => {
    const { child, output } = run(["--port", "0"]);
    await waitForUrl(output);
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("refuses a bad --port with a clear message and exit code 2", async () => {
    const { child, output } = run(["--port", "abc"]);
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(output().stderr).toMatch(/--port must be an integer/);
  });

  it("runs the stateful mode with the given credentials", async () => {
    const { child, output } = run(["--port", "0", "--stateful", "--api-key", "cli_key", "--api-secret", "cli_secret"]);
    const url = await waitForUrl(output);
    expect(output().stdout).toMatch(/stateful/);
    const getToken = (imp_secret: string) =>
      fetch(`${url}/users/getToken`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ imp_key: "cli_key", imp_secret }),
      });
    expect((await getToken("wrong")).status).toBe(401);
    const ok = await getToken("cli_secret");
    expect(ok.status).toBe(200);
    const health = await (await fetch(`${url}/__mock/health`)).json();
    expect(health).toMatchObject({ status: "ok", stateful: true });
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("accepts --no-fast-path and answers through Prism's full engine", async () => {
    const { child, output } = run(["--port", "0", "--no-fast-path"]);
    const url = await waitForUrl(output);
    const res = await fetch(`${url}/payments/imp_448280090638`, { headers: { authorization: "Bearer t" } });
    expect(res.status).toBe(200);
    expect((await res.json()).response.imp_uid).toBe("imp_448280090638");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("refuses a bad --max-records", async () => {
    const { child, output } = run(["--max-records", "0"]);
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(output().stderr).toMatch(/--max-records must be a positive integer/);
  });

  it("refuses unknown flags", async () => {
    const { child, output } = run(["--prot", "1"]);
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(output().stderr).toMatch(/Unknown option '--prot'/);
  });
});
