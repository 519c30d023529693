import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "@iamport-contract/mock";
import { loadBundle } from "@iamport-contract/spec/toolkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRecording, toDriftNote, toExample } from "../../recording/recording.mjs";

const SCRIPT = fileURLToPath(new URL("../../recording/recording.mjs", import.meta.url));
const paid = loadBundle().components.examples.PaymentPaid.value;

let upstream;
let proxy;
let dir;
const recordings = {};

beforeAll(async () => {
  // A loopback stand-in for PortOne: the spec's own example, and the same with an undocumented field.
  upstream = createServer((req, res) => {
    const body = req.url.includes("drift") ? { ...paid, response: { ...paid.response, promotion_id: "PROMO_2026" } } : paid;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  dir = await mkdtemp(join(tmpdir(), "iamport-recording-"));
  proxy = await startMock({ port: 0, proxy: { upstream: `http://127.0.0.1:${upstream.address().port}`, recordDir: dir } });
  for (const id of ["imp_match", "imp_drift"])
    await (await fetch(`${proxy.url}/payments/${id}`, { headers: { authorization: "Bearer t0ken_value" } })).text();
  // The proxy writes a recording after the answer has gone out: wait for both (bounded).
  const folder = join(dir, "getPayment");
  for (let i = 0; i < 100 && (await readdir(folder).catch(() => [])).length < 2; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  for (const file of await readdir(folder)) {
    const text = await readFile(join(folder, file), "utf8");
    recordings[text.includes("promotion_id") ? "drift" : "match"] = { file: join(folder, file), text };
  }
});

afterAll(async () => {
  await proxy?.close();
  upstream?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("recording.mjs", () => {
  it("turns a matching recording into the spec's example format, without the proxy's header", () => {
    const recording = parseRecording(recordings.match.text);
    expect(recording).toMatchObject({ method: "GET", template: "/payments/{imp_uid}", status: 200, contradicts: false });
    const example = toExample(recording, "A paid card payment seen in staging");
    expect(example).toMatch(/^summary: "A paid card payment seen in staging"\nvalue:\n {2}code: 0\n/);
    expect(example).not.toContain("#");
  });

  it("turns a contradicting recording into an issue-ready drift note, and refuses to make it an example", () => {
    const recording = parseRecording(recordings.drift.text);
    expect(() => toExample(recording)).toThrow(/contradicts the spec/);
    const note = toDriftNote(recording, recordings.drift.file);
    expect(note).toMatch(/^# Drift: GET \/payments\/\{imp_uid\} answers 200 differently from the spec/);
    expect(note).toContain("- undocumented-field at /response/promotion_id");
    expect(note).toContain("```yaml\nsummary:");
    expect(() => toDriftNote(parseRecording(recordings.match.text), "x")).toThrow(/matches the spec/);
  });

  it("refuses bad input on the command line with exit code 2", () => {
    const run = (...args) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
    expect(run("example", recordings.drift.file, "PaymentWithPromotion")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/contradicts the spec/),
    });
    expect(run("example", recordings.match.file, "lowercase")).toMatchObject({ status: 2, stderr: expect.stringMatching(/PascalCase/) });
    expect(run("example", recordings.match.file, "PaymentPaid")).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/exists already/),
    });
    expect(run("drift-note", recordings.drift.file)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^# Drift:/) });
  });
});
